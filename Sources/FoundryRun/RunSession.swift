import Foundation
import FoundryCore
import FoundryLM

/// One `foundry run` invocation: completes, answers a chat turn, or holds a conversation,
/// streaming text to stdout and statistics to stderr (or one JSON document with --json).
struct RunSession: Sendable {
    let loaded: LoadedModel
    let sampling: SamplingOptions
    let maxTokens: Int
    let stop: [String]
    let json: Bool
    let output: Output
    let template: ChatTemplate?

    func complete(_ text: String) async throws {
        let tokens = loaded.tokenizer.encode(text, addBOS: loaded.tokenizer.addBOSByDefault, parseSpecial: false)
        try await generate(tokens)
    }

    func chatTurn(system: String?, user: String) async throws {
        var messages: [FoundryLM.ChatMessage] = []
        if let system { messages.append(FoundryLM.ChatMessage(role: "system", content: system)) }
        messages.append(FoundryLM.ChatMessage(role: "user", content: user))
        try await generate(encode(messages))
    }

    /// A conversation at the terminal: one line per user turn; the cache keeps earlier turns.
    func conversation(system: String?) async throws {
        var messages: [FoundryLM.ChatMessage] = []
        if let system { messages.append(FoundryLM.ChatMessage(role: "system", content: system)) }
        output.info("foundry: chatting with \(loaded.name); an empty line or Ctrl-D ends")
        while true {
            FileHandle.standardError.write(Data("> ".utf8))
            guard let line = readLine(strippingNewline: true), !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
            messages.append(FoundryLM.ChatMessage(role: "user", content: line))
            let reply = try await generate(encode(messages))
            messages.append(FoundryLM.ChatMessage(role: "assistant", content: reply.text))
            output.write("\n")
        }
    }

    private func encode(_ messages: [FoundryLM.ChatMessage]) -> [Int32] {
        (template ?? .chatml).encode(messages, tokenizer: loaded.tokenizer)
    }

    @discardableResult
    private func generate(_ tokens: [Int32]) async throws -> TextGenerator.Result {
        let streaming = !json
        let result = try await OffPool.run {
            try loaded.generator.generate(prompt: tokens, maxTokens: maxTokens, sampling: sampling, stop: stop) { text in
                if streaming { output.write(text) }
            }
        }
        if json {
            let document = RunResultDocument(model: loaded.file.path, promptTokens: tokens, result: result, loadMs: loaded.loadMs)
            output.line(JSONCoding.string(document))
        } else if template == nil {
            output.write("\n")
        }
        if !output.quiet { report(result) }
        return result
    }

    private func report(_ result: TextGenerator.Result) {
        let s = result.statistics
        let note = result.finish == .context ? " (stopped: the context of \(loaded.generator.model.contextLength) tokens is full)" : ""
        output.info(String(
            format: "foundry: load %.0f ms · prompt %d tokens (%d evaluated) %.1f tok/s · generation %d tokens %.1f tok/s · first token %.0f ms%@",
            loaded.loadMs, s.promptTokens, s.evaluatedPromptTokens, s.promptTokensPerSecond, s.generatedTokens,
            s.generationTokensPerSecond, s.firstTokenMs, note))
    }
}

/// `foundry run --json`: the generated ids, the text and the statistics.
struct RunResultDocument: Encodable {
    let model: String
    let promptTokens: [Int32]
    let result: TextGenerator.Result
    let loadMs: Double

    enum CodingKeys: String, CodingKey { case model, promptTokens = "prompt_tokens", tokens, text, finishReason = "finish_reason", statistics }
    enum StatsKeys: String, CodingKey {
        case loadMs = "load_ms", promptTokens = "prompt_tokens", evaluatedPromptTokens = "evaluated_prompt_tokens", promptMs = "prompt_ms"
        case promptTokS = "prompt_tok_s", generatedTokens = "generated_tokens", generationMs = "generation_ms"
        case generationTokS = "generation_tok_s", firstTokenMs = "first_token_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(promptTokens, forKey: .promptTokens)
        try c.encode(result.tokens, forKey: .tokens)
        try c.encode(result.text, forKey: .text)
        try c.encode(result.finish.rawValue, forKey: .finishReason)
        let s = result.statistics
        var st = c.nestedContainer(keyedBy: StatsKeys.self, forKey: .statistics)
        try st.encode(loadMs, forKey: .loadMs)
        try st.encode(s.promptTokens, forKey: .promptTokens)
        try st.encode(s.evaluatedPromptTokens, forKey: .evaluatedPromptTokens)
        try st.encode(s.promptMs, forKey: .promptMs)
        try st.encode(s.promptTokensPerSecond, forKey: .promptTokS)
        try st.encode(s.generatedTokens, forKey: .generatedTokens)
        try st.encode(s.generationMs, forKey: .generationMs)
        try st.encode(s.generationTokensPerSecond, forKey: .generationTokS)
        try st.encode(s.firstTokenMs, forKey: .firstTokenMs)
    }
}
