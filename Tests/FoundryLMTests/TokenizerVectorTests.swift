import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

/// llama.cpp's own tokenizer test vectors (models/ggml-vocab-*.gguf with .inp/.out, as its
/// test-tokenizer-0 reads them), from ../shared/data/tokenizer.
@Suite("Tokenizer: llama.cpp's vectors")
struct TokenizerVectorTests {
    struct Vector {
        let text: String
        let ids: [Int32]
    }

    /// The texts of `<vocab>.inp` (separated by a line `__ggml_vocab_test__`) with the ids of
    /// `<vocab>.out` (one line of space-separated ids per text, no BOS).
    static func vectors(_ path: String) throws -> [Vector] {
        let input = try String(contentsOfFile: path + ".inp", encoding: .utf8)
        let output = try String(contentsOfFile: path + ".out", encoding: .utf8)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        #expect(texts.count == lines.count, "\(path): \(texts.count) texts, \(lines.count) lines of ids")
        return zip(texts, lines).map { text, line in
            Vector(text: text, ids: line.split(separator: " ").compactMap { Int32($0) })
        }
    }

    @Test("every vector matches exactly", arguments: ["llama-spm", "gpt-2", "phi-3"])
    func vectorsMatch(vocabulary: String) async throws {
        guard let path = ReferencePeers.sharedVocabulary(vocabulary) else {
            FileHandle.standardError.write(Data("TokenizerVectorTests: ../shared/data/tokenizer is absent; \(vocabulary) vectors not checked\n".utf8))
            return
        }
        let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: path))
        let vectors = try Self.vectors(path)
        #expect(vectors.count == 46)
        let results = try await OffPool.run { vectors.map { tokenizer.encode($0.text, addBOS: false, parseSpecial: false) } }
        var mismatches = 0
        for (vector, ours) in zip(vectors, results) where ours != vector.ids {
            mismatches += 1
            Issue.record("\(vocabulary) \(vector.text.debugDescription): ours \(ours), llama.cpp's \(vector.ids)")
        }
        #expect(mismatches == 0)
    }

    @Test("decoding the vectors' ids gives the texts back", arguments: ["llama-spm", "gpt-2", "phi-3"])
    func vectorsRoundTrip(vocabulary: String) throws {
        guard let path = ReferencePeers.sharedVocabulary(vocabulary) else { return }
        let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: path))
        let spm = tokenizer.modelName == "llama"
        for vector in try Self.vectors(path) {
            var stream = TokenTextStream(tokenizer: tokenizer)
            var text = ""
            for id in vector.ids { text += stream.append(id) }
            text += stream.finish()
            // SentencePiece writes the leading space it added; llama.cpp strips it when decoding.
            let expected = spm && !vector.text.isEmpty ? " " + vector.text : vector.text
            #expect(text == expected, "\(vocabulary) \(vector.text.debugDescription)")
        }
    }
}
