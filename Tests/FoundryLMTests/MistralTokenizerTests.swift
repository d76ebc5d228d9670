import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

/// Mistral's tokenizers (tekken v3 and v7, SentencePiece v1, v3 and v7, the files mistral-common
/// ships) converted to GGUF as llama.cpp's converter does, against mistral-common itself.
@Suite("Tokenizer: Mistral against mistral-common", .serialized)
struct MistralTokenizerTests {
    @Test("token ids equal mistral-common's on several hundred varied texts")
    func textsMatch() async throws {
        guard let reference = try await TokenizerReference.mistral() else { return }
        #expect(reference.tokenizers.count == 5)
        for entry in reference.tokenizers {
            let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: entry.gguf))
            let texts = entry.texts
            let ours = try await OffPool.run { texts.map { tokenizer.encode($0.text, addBOS: false, parseSpecial: false) } }
            var mismatches = 0
            for (expected, got) in zip(texts, ours) where got != expected.ids {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(entry.name) \(expected.text.debugDescription): ours \(got), mistral-common's \(expected.ids)") }
            }
            #expect(texts.count >= 400)
            #expect(mismatches == 0, "\(entry.name): \(mismatches) of \(texts.count) texts differ")
        }
    }

    @Test("multi-turn chats with a system prompt encode as mistral-common encodes them")
    func chatsMatch() async throws {
        guard let reference = try await TokenizerReference.mistral() else { return }
        var checked = 0
        for entry in reference.tokenizers {
            guard let name = entry.template else { continue }
            let template = try #require(ChatTemplate(rawValue: name))
            let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: entry.gguf))
            for chat in entry.chats {
                let messages = chat.messages.map { ChatMessage(role: $0.role, content: $0.content) }
                #expect(template.encode(messages, tokenizer: tokenizer) == chat.ids, "\(entry.name) \(name): \(messages)")
                // The rendered text, encoded with special tokens parsed, gives the same ids unless
                // a message itself contains special-token text.
                let prompt = template.render(messages, bosText: tokenizer.addBOSByDefault ? tokenizer.bosText : nil)
                if !messages.contains(where: { $0.content.contains("[") || $0.content.contains("<") }) {
                    #expect(tokenizer.encode(prompt, addBOS: false, parseSpecial: true) == chat.ids, "\(entry.name) \(name): \(prompt.debugDescription)")
                }
                checked += 1
            }
        }
        #expect(checked >= 100)
    }

    @Test("the v7 vocabularies' chat layout: BOS, system prompt markers, </s> after answers")
    func v7Layout() async throws {
        guard let reference = try await TokenizerReference.mistral() else { return }
        for entry in reference.tokenizers where entry.template == "mistral-v7" {
            let tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: entry.gguf))
            let ids = tokenizer.encode(
                ChatTemplate.mistralV7.render(
                    [.init(role: "system", content: "S"), .init(role: "user", content: "U"), .init(role: "assistant", content: "A"),
                     .init(role: "user", content: "V")],
                    bosText: tokenizer.bosText),
                addBOS: false, parseSpecial: true)
            let markers = ids.filter { tokenizer.attributes($0).contains(.control) }.map { tokenizer.pieceText($0) }
            #expect(markers == ["<s>", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[INST]", "[/INST]", "</s>", "[INST]", "[/INST]"], "\(entry.name)")
            #expect(ids.count == markers.count + 4, "\(entry.name): one token per one-letter message")
            #expect(tokenizer.isEndOfGeneration(try #require(tokenizer.eos)))
        }
    }
}
