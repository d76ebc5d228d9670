import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

/// What the tokenizer does on a tiny hand-made SentencePiece vocabulary: BOS, special tokens,
/// byte fallback, pieces, end of generation, streaming decode.
@Suite("Tokenizer: behaviour on a tiny vocabulary")
struct TokenizerBehaviourTests {
    static func tokenizer(_ edit: (inout GGUFBuilder) -> Void = { _ in }) throws -> GGUFTokenizer {
        var builder = GGUFBuilder.tinySentencePiece()
        edit(&builder)
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try builder.write(to: dir + "/vocab.gguf")
        return try GGUFTokenizer(gguf: GGUFFile(path: dir + "/vocab.gguf"))
    }

    func pieces(_ tokenizer: GGUFTokenizer, _ ids: [Int32]) -> [String] { ids.map { tokenizer.pieceText($0) } }

    @Test("words become the highest-scoring pieces, with SentencePiece's leading space")
    func words() throws {
        let tokenizer = try Self.tokenizer()
        #expect(pieces(tokenizer, tokenizer.encode("hello world", addBOS: false, parseSpecial: false)) == ["▁hello", "▁world"])
        #expect(pieces(tokenizer, tokenizer.encode("the cat", addBOS: true, parseSpecial: false)) == ["<s>", "▁the", "▁cat"])
        #expect(tokenizer.encode("", addBOS: false, parseSpecial: false).isEmpty)
        #expect(tokenizer.encode("", addBOS: true, parseSpecial: false) == [1])
        #expect(tokenizer.addBOSByDefault)
        #expect(tokenizer.vocabularySize == 3 + 256 + 47 + 2)
    }

    @Test("without add_space_prefix no space is added")
    func noSpacePrefix() throws {
        let tokenizer = try Self.tokenizer { $0.set("tokenizer.ggml.add_space_prefix", .bool(false)) }
        #expect(pieces(tokenizer, tokenizer.encode("hello world", addBOS: false, parseSpecial: false)) == ["h", "e", "l", "l", "o", "▁world"])
    }

    @Test("characters without a piece fall back to byte tokens")
    func byteFallback() throws {
        let tokenizer = try Self.tokenizer()
        #expect(pieces(tokenizer, tokenizer.encode("é!", addBOS: false, parseSpecial: false)) == ["▁", "<0xC3>", "<0xA9>", "!"])
        #expect(pieces(tokenizer, tokenizer.encode("Hi", addBOS: false, parseSpecial: false)) == ["▁", "<0x48>", "i"])
    }

    @Test("control tokens written in the text are parsed only when asked; a space follows them")
    func specialTokens() throws {
        let tokenizer = try Self.tokenizer()
        let parsed = tokenizer.encode("[INST]hello[/INST]", addBOS: false, parseSpecial: true)
        #expect(pieces(tokenizer, parsed) == ["[INST]", "▁hello", "[/INST]"])
        let plain = tokenizer.encode("[INST]", addBOS: false, parseSpecial: false)
        #expect(pieces(tokenizer, plain) == ["▁", "<0x5B>", "<0x49>", "<0x4E>", "<0x53>", "<0x54>", "<0x5D>"])
        #expect(pieces(tokenizer, tokenizer.encode("</s>the", addBOS: false, parseSpecial: true)) == ["</s>", "▁the"])
    }

    @Test("a chat prompt's markers are control tokens; the same text typed in a message stays text")
    func chatPrompt() throws {
        let tokenizer = try Self.tokenizer()
        let messages = [ChatMessage(role: "user", content: "[INST]hello")]
        let ids = ChatTemplate.mistralInst.encode(messages, tokenizer: tokenizer)
        #expect(pieces(tokenizer, ids) == ["<s>", "[INST]", "▁", "<0x5B>", "<0x49>", "<0x4E>", "<0x53>", "<0x54>", "<0x5D>", "h", "e", "l", "l", "o", "[/INST]"])
        // Rendered and parsed as a whole, the typed marker would become a control token.
        let rendered = tokenizer.encode(ChatTemplate.mistralInst.render(messages, bosText: "<s>"), addBOS: false, parseSpecial: true)
        #expect(pieces(tokenizer, rendered).filter { $0 == "[INST]" }.count == 2)
    }

    @Test("pieces: the text each token writes, the vocabulary string, specials only when rendered")
    func pieceOutput() throws {
        let tokenizer = try Self.tokenizer()
        let hello = try #require(tokenizer.tokenID("▁hello"))
        #expect(tokenizer.pieceBytes(hello) == Array(" hello".utf8))
        #expect(tokenizer.pieceText(hello) == "▁hello")
        let byte = try #require(tokenizer.tokenID("<0xC3>"))
        #expect(tokenizer.pieceBytes(byte) == [0xC3])
        let inst = try #require(tokenizer.tokenID("[INST]"))
        #expect(tokenizer.pieceBytes(inst).isEmpty)
        #expect(tokenizer.pieceBytes(inst, special: true) == Array("[INST]".utf8))
        #expect(tokenizer.pieceBytes(-1).isEmpty && tokenizer.pieceBytes(100_000).isEmpty)
        #expect(tokenizer.pieceText(100_000) == "")
        #expect(tokenizer.bosText == "<s>")
    }

    @Test("EOS, EOT and end-of-turn tokens end generation")
    func endOfGeneration() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.isEndOfGeneration(2))
        #expect(!tokenizer.isEndOfGeneration(1))
        #expect(!tokenizer.isEndOfGeneration(try #require(tokenizer.tokenID("▁hello"))))

        var builder = GGUFBuilder.tinySentencePiece()
        guard case .strings(var tokens) = builder.entries.first(where: { $0.key == "tokenizer.ggml.tokens" })?.value,
              case .int32s(var types) = builder.entries.first(where: { $0.key == "tokenizer.ggml.token_type" })?.value,
              case .float32s(var scores) = builder.entries.first(where: { $0.key == "tokenizer.ggml.scores" })?.value
        else { Issue.record("tiny vocabulary has no tokens"); return }
        tokens += ["<|im_end|>", "<|eot_id|>"]
        types += [4, 1]
        scores += [0, 0]
        builder.set("tokenizer.ggml.tokens", .strings(tokens))
        builder.set("tokenizer.ggml.token_type", .int32s(types))
        builder.set("tokenizer.ggml.scores", .float32s(scores))
        let withTurns = try Self.tokenizer { $0 = builder }
        let imEnd = try #require(withTurns.tokenID("<|im_end|>"))
        let eotID = try #require(withTurns.tokenID("<|eot_id|>"))
        #expect(withTurns.isEndOfGeneration(imEnd) && withTurns.isEndOfGeneration(eotID))
        #expect(withTurns.eot == eotID)  // the first of llama.cpp's end-of-turn texts
        // Marked as control tokens, as llama.cpp marks them: written in text only when parsing specials.
        #expect(withTurns.encode("<|eot_id|>", addBOS: false, parseSpecial: true) == [eotID])
        #expect(withTurns.pieceBytes(eotID).isEmpty)
    }

    @Test("the text stream holds back a character split across tokens")
    func streaming() throws {
        let tokenizer = try Self.tokenizer()
        let ids = tokenizer.encode("é hello", addBOS: true, parseSpecial: false)
        var stream = TokenTextStream(tokenizer: tokenizer)
        let parts = ids.map { stream.append($0) }
        #expect(parts == ["", " ", "", "é", " hello"])
        #expect(stream.finish() == "")

        var broken = TokenTextStream(tokenizer: tokenizer)
        #expect(broken.append(try #require(tokenizer.tokenID("<0xC3>"))) == "")
        #expect(broken.finish() == "\u{FFFD}")
        var special = TokenTextStream(tokenizer: tokenizer, renderSpecial: true)
        #expect(special.append(1) == "<s>")
    }

    @Test("complete UTF-8 is found at the end of any byte run")
    func completeLength() {
        #expect(TokenTextStream.completeLength([]) == 0)
        #expect(TokenTextStream.completeLength(Array("ab".utf8)) == 2)
        #expect(TokenTextStream.completeLength([0x61, 0xE2, 0x96]) == 1)
        #expect(TokenTextStream.completeLength([0xE2, 0x96, 0x81]) == 3)
        #expect(TokenTextStream.completeLength([0xF0, 0x9F, 0x98]) == 0)
        #expect(TokenTextStream.completeLength([0xF0, 0x9F, 0x98, 0x80]) == 4)
        #expect(TokenTextStream.completeLength([0x80, 0x80]) == 2)  // stray continuation bytes: emitted as U+FFFD
        #expect(TokenTextStream.completeLength([0x61, 0xFF]) == 2)
    }
}
