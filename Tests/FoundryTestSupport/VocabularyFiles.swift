import Foundation

extension ReferencePeers {
    /// Runs `scripts/make_vocab_gguf.py` (`tiny spm|bpe`, `copy VOCAB.gguf --pre NAME`,
    /// `mistral FILE`) to write a vocabulary-only GGUF at `path`.
    public static func makeVocabulary(python: String, _ arguments: [String], at path: String) async throws {
        guard let command = arguments.first else { throw PeerError("make_vocab_gguf.py needs a command") }
        let result = try await CommandRunner.run(
            python, [TestEnvironment.packageRoot + "/scripts/make_vocab_gguf.py", command] + arguments.dropFirst() + ["--out", path],
            inheritEnvironment: true)
        guard result.status == 0 else { throw PeerError("make_vocab_gguf.py \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
    }

    /// One of llama.cpp's vocabulary files in ../shared/data/tokenizer (`llama-spm`, `gpt-2`,
    /// `phi-3`), or nil when the shared data is absent.
    public static func sharedVocabulary(_ name: String) -> String? {
        let path = TestEnvironment.sharedData + "/tokenizer/ggml-vocab-\(name).gguf"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
