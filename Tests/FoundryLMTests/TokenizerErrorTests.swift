import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

/// A GGUF file whose tokenizer metadata is missing, malformed or not implemented gives one
/// clear error naming the file and the key.
@Suite("Tokenizer: bad vocabularies")
struct TokenizerErrorTests {
    func error(_ edit: (inout GGUFBuilder) -> Void) throws -> (FoundryError, String) {
        var builder = GGUFBuilder.tinySentencePiece()
        edit(&builder)
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/vocab.gguf"
        try builder.write(to: path)
        let file = try GGUFFile(path: path)
        let error = try #require(throws: FoundryError.self) { try GGUFTokenizer(gguf: file) }
        #expect(error.exitCode == ExitStatus.failure)
        return (error, path)
    }

    @Test("no tokenizer.ggml.model: the file has no tokenizer")
    func noModel() throws {
        let (error, path) = try error { $0.remove("tokenizer.ggml.model") }
        #expect(error.message == "'\(path)' has no tokenizer: tokenizer.ggml.model is missing")
    }

    @Test("a tokenizer model foundry does not implement is named")
    func unsupportedModel() throws {
        let (error, path) = try error { $0.set("tokenizer.ggml.model", .string("bert")) }
        #expect(error.message == "unsupported tokenizer in '\(path)': tokenizer.ggml.model is 'bert'")
        #expect(error.hint?.contains("'llama'") == true)
    }

    @Test("a pre-tokenizer foundry does not implement is named, with the ones it does")
    func unsupportedPre() throws {
        let (error, path) = try error {
            $0.set("tokenizer.ggml.model", .string("gpt2"))
            $0.set("tokenizer.ggml.pre", .string("qwen35"))
        }
        #expect(error.message == "unsupported pre-tokenizer in '\(path)': tokenizer.ggml.pre is 'qwen35'")
        #expect(error.hint?.contains("tekken") == true && error.hint?.contains("llama-bpe") == true)
    }

    @Test(
        "missing or malformed keys are named",
        arguments: [
            ("tokenizer.ggml.tokens", nil, "tokenizer.ggml.tokens is missing"),
            ("tokenizer.ggml.tokens", GGUFBuilder.Value.uint32(5), "tokenizer.ggml.tokens is 5, expected an array"),
            ("tokenizer.ggml.tokens", .int32s([1, 2]), "tokenizer.ggml.tokens is an array of int32, expected strings"),
            ("tokenizer.ggml.tokens", .strings([]), "tokenizer.ggml.tokens is empty"),
            ("tokenizer.ggml.tokens", .strings(["a", "b", "a"]), "tokenizer.ggml.tokens lists 'a' twice (ids 0 and 2)"),
            ("tokenizer.ggml.scores", .float32s([0, 0, 0]), "tokenizer.ggml.scores has 3 entries for 308 tokens"),
            ("tokenizer.ggml.scores", .strings(["x"]), "tokenizer.ggml.scores: expected an array of float32 or int32, found string"),
            ("tokenizer.ggml.token_type", .float32s([1]), "tokenizer.ggml.token_type: expected an array of int32, found float32"),
            ("tokenizer.ggml.model", .uint32(7), "tokenizer.ggml.model is 7, expected a string"),
            ("tokenizer.ggml.bos_token_id", .string("1"), "tokenizer.ggml.bos_token_id is \"1\", expected an integer"),
            ("tokenizer.ggml.add_bos_token", .uint32(1), "tokenizer.ggml.add_bos_token is 1, expected true or false"),
        ] as [(String, GGUFBuilder.Value?, String)])
    func malformed(key: String, value: GGUFBuilder.Value?, message: String) throws {
        let (error, path) = try error { builder in
            if let value { builder.set(key, value) } else { builder.remove(key) }
            if key == "tokenizer.ggml.tokens" {  // keep the other arrays consistent with the tokens
                builder.remove("tokenizer.ggml.scores")
                builder.remove("tokenizer.ggml.token_type")
            }
        }
        #expect(error.message == "invalid tokenizer in '\(path)': " + message)
    }

    @Test("a gpt2 vocabulary without merges is refused")
    func noMerges() throws {
        let (error, path) = try error {
            $0.set("tokenizer.ggml.model", .string("gpt2"))
            $0.set("tokenizer.ggml.pre", .string("gpt-2"))
        }
        #expect(error.message == "invalid tokenizer in '\(path)': tokenizer.ggml.merges is missing")
    }

    @Test("special ids outside the vocabulary fall back to the defaults, as llama.cpp does")
    func outOfRangeIDs() throws {
        var builder = GGUFBuilder.tinySentencePiece()
        builder.set("tokenizer.ggml.eos_token_id", .uint32(99_999))
        builder.set("tokenizer.ggml.bos_token_id", .int32(-1))
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try builder.write(to: dir + "/v.gguf")
        let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: dir + "/v.gguf"))
        #expect(tokenizer.eos == 2 && tokenizer.bos == 1)
    }
}
