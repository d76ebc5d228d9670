import FoundryCore
import FoundryLM

/// OpenAI response shapes for one request: chunks of a stream and the whole completion.
struct ChunkFormat: Sendable {
    let id: String
    let model: String
    let created: Int
    let chat: Bool

    private func envelope(_ choices: [JSONValue], chunk: Bool, extra: [String: JSONValue] = [:]) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id), "created": .number(Double(created)), "model": .string(model), "choices": .array(choices),
            "object": .string(chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion"),
        ]
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    func delta(role: Bool, text: String) -> String {
        let choice: JSONValue = chat
            ? .object(["index": .number(0), "delta": .object(role ? ["role": .string("assistant"), "content": .string(text)] : ["content": .string(text)]),
                       "finish_reason": .null])
            : .object(["index": .number(0), "text": .string(text), "finish_reason": .null])
        return "data: " + envelope([choice], chunk: true).jsonString + "\n\n"
    }

    func finish(_ finish: GenerationFinish) -> String {
        let reason = JSONValue.string(finish == .stop ? "stop" : "length")
        let choice: JSONValue = chat
            ? .object(["index": .number(0), "delta": .object([:]), "finish_reason": reason])
            : .object(["index": .number(0), "text": .string(""), "finish_reason": reason])
        return "data: " + envelope([choice], chunk: true).jsonString + "\n\n"
    }

    func usage(prompt: Int, completion: Int) -> String {
        "data: " + envelope([], chunk: true, extra: ["usage": Self.usage(prompt, completion)]).jsonString + "\n\n"
    }

    func completion(_ result: TextGenerator.Result, promptTokens: Int) -> String {
        let reason = JSONValue.string(result.finish == .stop ? "stop" : "length")
        let choice: JSONValue = chat
            ? .object(["index": .number(0), "message": .object(["role": .string("assistant"), "content": .string(result.text)]), "finish_reason": reason])
            : .object(["index": .number(0), "text": .string(result.text), "finish_reason": reason])
        return envelope([choice], chunk: false, extra: ["usage": Self.usage(promptTokens, result.tokens.count)]).jsonString
    }

    static func usage(_ prompt: Int, _ completion: Int) -> JSONValue {
        .object(["prompt_tokens": .number(Double(prompt)), "completion_tokens": .number(Double(completion)),
                 "total_tokens": .number(Double(prompt + completion))])
    }
}
