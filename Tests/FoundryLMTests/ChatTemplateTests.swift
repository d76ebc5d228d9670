import Foundation
import FoundryTestSupport
import Testing

@testable import FoundryLM
@testable import FoundryGGUF

@Suite("Chat templates")
struct ChatTemplateTests {
    static let conversation: [ChatMessage] = [
        .init(role: "system", content: "Be brief."),
        .init(role: "user", content: "Hi"),
        .init(role: "assistant", content: "Hello!  "),
        .init(role: "user", content: "Name a colour."),
    ]

    @Test("templates are chosen by name (the --template values)")
    func names() {
        #expect(ChatTemplate(rawValue: "mistral-v7") == .mistralV7)
        #expect(ChatTemplate(rawValue: "mistral") == .mistralInst)
        #expect(ChatTemplate(rawValue: "llama3") == .llama3)
        #expect(ChatTemplate(rawValue: "chatml") == .chatml)
        #expect(ChatTemplate(rawValue: "llama2") == .llama2)
        #expect(ChatTemplate(rawValue: "vicuna") == nil)
        #expect(ChatTemplate.allCases.map(\.rawValue) == ["mistral-v7", "mistral", "llama3", "chatml", "llama2"])
    }

    @Test(
        "a Jinja template is recognised by the special tokens it writes",
        arguments: [
            ("{%- if messages[0]['role'] == 'system' %}{{- '[SYSTEM_PROMPT]' + system_message + '[/SYSTEM_PROMPT]' }}{%- endif %}"
                + "{{- '[INST]' + message['content'] + '[/INST]' }}", ChatTemplate.mistralV7),
            ("{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
                + "{% else %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}", .mistralInst),
            ("{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}", .llama3),
            ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}", .chatml),
            ("{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' %}"
                + "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}", .llama2),
        ])
    func detect(template: String, expected: ChatTemplate) {
        #expect(ChatTemplate.detect(template: template) == expected)
    }

    @Test("an unknown template, or none, is not guessed")
    func detectNothing() throws {
        #expect(ChatTemplate.detect(template: "{{'<|user|>' + '\n' + message['content'] + '<|end|>'}}") == nil)
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var builder = GGUFBuilder.tinySentencePiece()
        try builder.write(to: dir + "/none.gguf")
        #expect(ChatTemplate.detect(gguf: try GGUFFile(path: dir + "/none.gguf")) == nil)
        builder.set("tokenizer.chat_template", .string("{{ '<|im_start|>' }}"))
        try builder.write(to: dir + "/chatml.gguf")
        #expect(ChatTemplate.detect(gguf: try GGUFFile(path: dir + "/chatml.gguf")) == .chatml)
        if let phi3 = ReferencePeers.sharedVocabulary("phi-3") {
            #expect(ChatTemplate.detect(gguf: try GGUFFile(path: phi3)) == nil)  // <|user|> … <|end|>: not one of ours
        }
    }

    @Test("Mistral v7: system prompt markers, [INST] turns, </s> after trimmed answers")
    func mistralV7() {
        #expect(ChatTemplate.mistralV7.render(Self.conversation, bosText: "<s>")
            == "<s>[SYSTEM_PROMPT]Be brief.[/SYSTEM_PROMPT][INST]Hi[/INST]Hello!</s>[INST]Name a colour.[/INST]")
    }

    @Test("older Mistral: the system prompt goes before the last user message")
    func mistralInst() {
        #expect(ChatTemplate.mistralInst.render(Self.conversation, bosText: "<s>")
            == "<s>[INST]Hi[/INST]Hello!</s>[INST]Be brief.\n\nName a colour.[/INST]")
        #expect(ChatTemplate.mistralInst.render([.init(role: "user", content: "a"), .init(role: "user", content: "b")], bosText: nil)
            == "[INST]a\n\nb[/INST]")
    }

    @Test("Llama 3: headers, trimmed contents, <|eot_id|>, then the assistant header")
    func llama3() {
        #expect(ChatTemplate.llama3.render(Self.conversation, bosText: "<|begin_of_text|>")
            == "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n")
    }

    @Test("ChatML: <|im_start|>role … <|im_end|>, then the assistant's start")
    func chatml() {
        #expect(ChatTemplate.chatml.render(Array(Self.conversation.prefix(2)), bosText: nil)
            == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test("Llama 2: <<SYS>> inside the first turn, BOS before each turn")
    func llama2() {
        #expect(ChatTemplate.llama2.render(Self.conversation, bosText: "<s>")
            == "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello! </s><s>[INST] Name a colour. [/INST]")
    }

    @Test("llama3, chatml and mistral-v7 render as llama.cpp's built-in templates do")
    func matchLlamaCpp() async throws {
        struct Cases: Decodable {
            struct Template: Decodable {
                let name: String
                let chats: [Chat]
            }
            struct Chat: Decodable {
                let messages: [[String: String]]
                let prompt: String
            }
            let templates: [Template]
        }
        guard let reference = try await TokenizerReference.cases(Cases.self, ["templates"]) else { return }
        let ours: [String: ChatTemplate] = ["llama3": .llama3, "chatml": .chatml, "mistral-v7-tekken": .mistralV7]
        var compared = 0
        for template in reference.templates {
            let format = try #require(ours[template.name])
            for chat in template.chats {
                let messages = chat.messages.map { ChatMessage(role: $0["role"] ?? "", content: $0["content"] ?? "") }
                // llama.cpp keeps an answer's trailing spaces; mistral-common (which foundry follows) drops them.
                if format == .mistralV7, messages.contains(where: { $0.role == "assistant" && $0.content.hasSuffix(" ") }) { continue }
                #expect(format.render(messages, bosText: nil) == chat.prompt, "\(template.name)")
                compared += 1
            }
        }
        #expect(compared >= 70)
    }
}
