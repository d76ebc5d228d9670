import FoundryGGUF

/// The chat formats foundry writes prompts in. `encode` gives a prompt's token ids, ending with
/// the generation prompt (the assistant's turn).
public enum ChatTemplate: String, Sendable, CaseIterable {
    /// Mistral v7 (Mistral Small 3, Large 2411): `[SYSTEM_PROMPT]…[/SYSTEM_PROMPT][INST]…[/INST]`,
    /// each assistant turn followed by `</s>`; token for token mistral-common's encoding.
    case mistralV7 = "mistral-v7"
    /// Older Mistral instruct (v2/v3, tekken v3): `[INST]…[/INST]`, the system prompt written
    /// before the last user message, as mistral-common does.
    case mistralInst = "mistral"
    /// Llama 3: `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`.
    case llama3
    /// ChatML (Qwen and many others): `<|im_start|>role\n…<|im_end|>\n`.
    case chatml
    /// Llama 2: `[INST] <<SYS>>\n…\n<</SYS>>\n\n… [/INST]`, BOS before every turn.
    case llama2

    /// The format a GGUF file's `tokenizer.chat_template` is written for, recognised by the
    /// special tokens it uses; nil when there is no template or none of these.
    public static func detect(gguf: GGUFFile) -> ChatTemplate? {
        guard let template = gguf.metadata["tokenizer.chat_template"]?.stringValue else { return nil }
        return detect(template: template)
    }

    /// The format of a Jinja chat template's text.
    public static func detect(template: String) -> ChatTemplate? {
        if template.contains("[SYSTEM_PROMPT]") { return .mistralV7 }
        if template.contains("<|start_header_id|>") { return .llama3 }
        if template.contains("<|im_start|>") { return .chatml }
        if template.contains("<<SYS>>") { return .llama2 }
        if template.contains("[INST]") { return .mistralInst }
        return nil
    }

    /// The prompt's text, special tokens written out, for comparing with other renderers:
    /// encoding it with special tokens parsed would also parse special-token text typed in a
    /// message, which `encode` keeps as text. `bosText`, when given, starts it.
    func render(_ messages: [ChatMessage], bosText: String?) -> String {
        build(messages, bosText: bosText).text
    }

    /// The prompt's token ids: BOS when the tokenizer adds it, the template's special tokens as
    /// their ids, and the messages' text as plain text, so special-token text typed in a message
    /// (`[INST]`, `<|im_end|>`) stays text, as mistral-common encodes it.
    public func encode(_ messages: [ChatMessage], tokenizer: GGUFTokenizer) -> [Int32] {
        let prompt = build(messages, bosText: tokenizer.addBOSByDefault ? tokenizer.bosText : nil)
        return tokenizer.encode(prompt.text, addBOS: false, parseSpecial: true, literal: prompt.literalRanges)
    }

    func build(_ messages: [ChatMessage], bosText: String?) -> PromptBuilder {
        var prompt = PromptBuilder()
        let bos = bosText ?? ""
        switch self {
        case .mistralV7: Self.mistralV7(messages, bos: bos, into: &prompt)
        case .mistralInst: Self.mistralInst(messages, bos: bos, into: &prompt)
        case .llama3: Self.llama3(messages, bos: bos, into: &prompt)
        case .chatml: Self.chatml(messages, bos: bos, into: &prompt)
        case .llama2: Self.llama2(messages, bos: bos, into: &prompt)
        }
        return prompt
    }
}
