import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

/// llama.cpp itself (llama-cpp-python, vocabulary only) on several hundred varied texts, with
/// and without special tokens written in them: the shared vocabularies, the GPT-2 vocabulary
/// under other pre-tokenizers (default, llama-bpe, qwen2, dbrx), tiny hand-made vocabularies
/// and the Mistral SentencePiece vocabulary.
@Suite("Tokenizer: against llama.cpp", .serialized)
struct TokenizerLlamaPeerTests {
    @Test("token ids equal llama.cpp's, with and without special-token parsing")
    func idsMatchLlamaCpp() async throws {
        guard let python = ReferencePeers.python() else {
            TokenizerReference.skipped("no reference venv (scripts/bootstrap --python)")
            return
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for name in ["llama-spm", "gpt-2", "phi-3"] {
            guard let path = ReferencePeers.sharedVocabulary(name) else { continue }
            files.append(path)
        }
        if let gpt2 = ReferencePeers.sharedVocabulary("gpt-2") {
            for pre in ["default", "llama-bpe", "qwen2", "dbrx"] {
                let path = TokenizerReference.vocabularyCache + "/gpt-2-\(pre).gguf"
                if !TokenizerReference.isFresh(path) {
                    try FileManager.default.createDirectory(atPath: TokenizerReference.vocabularyCache, withIntermediateDirectories: true)
                    try await ReferencePeers.makeVocabulary(python: python, ["copy", gpt2, "--pre", pre], at: path)
                }
                files.append(path)
            }
        } else {
            TokenizerReference.skipped("../shared/data/tokenizer is absent: only tiny vocabularies compared")
        }
        for kind in ["spm", "bpe"] {
            try await ReferencePeers.makeVocabulary(python: python, ["tiny", kind], at: dir + "/tiny-\(kind).gguf")
            files.append(dir + "/tiny-\(kind).gguf")
        }
        let mistralSPM = TokenizerReference.vocabularyCache + "/mistral-spm-241114-v7.gguf"
        if FileManager.default.fileExists(atPath: mistralSPM) { files.append(mistralSPM) }

        guard let reference = try await TokenizerReference.cases(
            TokenizerReference.LlamaCases.self, ["llama"] + files.flatMap { ["--gguf", $0] })
        else { return }
        #expect(reference.files.count == files.count)
        for file in reference.files {
            let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: file.gguf))
            let name = URL(fileURLWithPath: file.gguf).lastPathComponent
            let (plain, special) = try await OffPool.run {
                (file.plain.map { tokenizer.encode($0.text, addBOS: false, parseSpecial: false) },
                 file.special.map { tokenizer.encode($0.text, addBOS: false, parseSpecial: true) })
            }
            var mismatches = 0
            for (expected, ours) in zip(file.plain + file.special, plain + special) where ours != expected.ids {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(name) \(expected.text.debugDescription): ours \(ours), llama.cpp's \(expected.ids)") }
            }
            #expect(file.plain.count >= 400 && file.special.count >= 100)
            #expect(mismatches == 0, "\(name): \(mismatches) of \(file.plain.count + file.special.count) texts differ")
        }
    }
}
