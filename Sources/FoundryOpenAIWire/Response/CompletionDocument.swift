import FoundryCore

/// A whole (non-streamed) answer: a `chat.completion`, or a `text_completion` for
/// `/v1/completions`.
package enum CompletionDocument {
    package static func chat(id: String, model: String, created: Int, text: String, toolCalls: [ToolCall] = [], finishReason: String,
                             usage: Usage) -> String {
        var message: [String: JSONValue] = ["role": .string("assistant"), "content": .string(text)]
        if !toolCalls.isEmpty {
            message["tool_calls"] = .array(toolCalls.map {
                .object(["id": .string($0.id), "type": .string("function"),
                         "function": .object(["name": .string($0.name), "arguments": .string($0.arguments)])])
            })
        }
        let choice: JSONValue = .object(["index": .number(0), "message": .object(message), "finish_reason": .string(finishReason)])
        return envelope(object: "chat.completion", id: id, model: model, created: created, choice: choice, usage: usage)
    }

    package static func text(id: String, model: String, created: Int, text: String, finishReason: String, usage: Usage) -> String {
        let choice: JSONValue = .object(["index": .number(0), "text": .string(text), "finish_reason": .string(finishReason)])
        return envelope(object: "text_completion", id: id, model: model, created: created, choice: choice, usage: usage)
    }

    private static func envelope(object: String, id: String, model: String, created: Int, choice: JSONValue, usage: Usage) -> String {
        JSONValue.object([
            "id": .string(id), "object": .string(object), "created": .number(Double(created)), "model": .string(model),
            "choices": .array([choice]), "usage": CompletionUsage.json(usage),
        ]).jsonString
    }
}
