extension ChatTemplate {
    /// mistral-common's InstructTokenizerV7: messages in order, assistant text without trailing
    /// spaces and closed by `</s>`. No spaces around the markers: a SentencePiece vocabulary adds
    /// the leading `▁` after each special token itself, as SentencePiece does per message.
    static func mistralV7(_ messages: [ChatMessage], bos: String, into p: inout PromptBuilder) {
        p.markup(bos)
        for message in mistralNormalized(messages) {
            switch message.role {
            case "system":
                p.markup("[SYSTEM_PROMPT]")
                p.literal(message.content)
                p.markup("[/SYSTEM_PROMPT]")
            case "assistant":
                p.literal(trimmingTrailingSpaces(message.content))
                p.markup("</s>")
            default:
                p.markup("[INST]")
                p.literal(message.content)
                p.markup("[/INST]")
            }
        }
    }

    /// mistral-common's InstructTokenizerV2/V3: the system prompts, joined by blank lines, go
    /// before the last user message.
    static func mistralInst(_ messages: [ChatMessage], bos: String, into p: inout PromptBuilder) {
        let system = messages.filter { $0.role == "system" }.map(\.content).joined(separator: "\n\n")
        var turns = mistralNormalized(messages.filter { $0.role != "system" })
        if turns.first?.role == "assistant" || turns.isEmpty { turns.insert(ChatMessage(role: "user", content: ""), at: 0) }
        let lastUser = turns.lastIndex { $0.role != "assistant" }
        p.markup(bos)
        for (index, message) in turns.enumerated() {
            switch message.role {
            case "assistant":
                p.literal(trimmingTrailingSpaces(message.content))
                p.markup("</s>")
            default:
                p.markup("[INST]")
                p.literal(index == lastUser && !system.isEmpty ? system + "\n\n" + message.content : message.content)
                p.markup("[/INST]")
            }
        }
    }

    /// Meta's Llama 3 template: contents trimmed, then the assistant header.
    static func llama3(_ messages: [ChatMessage], bos: String, into p: inout PromptBuilder) {
        p.markup(bos)
        for message in messages {
            p.markup("<|start_header_id|>")
            p.literal(message.role)
            p.markup("<|end_header_id|>\n\n")
            p.literal(trimmed(message.content))
            p.markup("<|eot_id|>")
        }
        p.markup("<|start_header_id|>assistant<|end_header_id|>\n\n")
    }

    static func chatml(_ messages: [ChatMessage], bos: String, into p: inout PromptBuilder) {
        p.markup(bos)
        for message in messages {
            p.markup("<|im_start|>")
            p.literal(message.role)
            p.markup("\n")
            p.literal(message.content)
            p.markup("<|im_end|>\n")
        }
        p.markup("<|im_start|>assistant\n")
    }

    /// Meta's Llama 2 template: the system prompt inside the first user turn, BOS before each
    /// user turn, `</s>` after each answer.
    static func llama2(_ messages: [ChatMessage], bos: String, into p: inout PromptBuilder) {
        var system: String?
        for message in messages {
            switch message.role {
            case "system": system = trimmed(message.content)
            case "assistant":
                p.markup(" ")
                p.literal(trimmed(message.content))
                p.markup(" </s>")
            default:
                p.markup(bos + "[INST] ")
                if let pending = system {
                    p.markup("<<SYS>>\n")
                    p.literal(pending)
                    p.markup("\n<</SYS>>\n\n")
                    system = nil
                }
                p.literal(trimmed(message.content))
                p.markup(" [/INST]")
            }
        }
    }

    /// mistral-common's request normalizer: consecutive user (or assistant) messages become one,
    /// their contents joined by a blank line; system messages stay where they are.
    private static func mistralNormalized(_ messages: [ChatMessage]) -> [ChatMessage] {
        var result: [ChatMessage] = []
        for message in messages {
            let role = message.role == "system" || message.role == "assistant" ? message.role : "user"
            if role != "system", let last = result.last, last.role == role {
                result[result.count - 1].content = last.content + "\n\n" + message.content
            } else {
                result.append(ChatMessage(role: role, content: message.content))
            }
        }
        return result
    }

    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    /// Without leading and trailing ASCII whitespace (C's `isspace`), as llama.cpp trims.
    private static func trimmed(_ text: String) -> String {
        let isSpace = { (scalar: Unicode.Scalar) in scalar == " " || (0x09...0x0D).contains(scalar.value) }
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
