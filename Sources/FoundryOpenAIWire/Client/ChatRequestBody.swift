import FoundryCore

/// A chat completions request body as foundry's clients send it (the providers for OpenAI,
/// Azure OpenAI and every OpenAI-compatible server; bench's `--url` target): what
/// `ChatCompletionsRequest` reads back.
package enum ChatRequestBody {
    /// OpenAI's own API wants `max_completion_tokens`; other servers know `max_tokens`.
    package enum MaxTokensField: String, Sendable { case maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens" }

    /// The body; a stream asks for the usage chunk too.
    package static func json(_ request: ChatRequest, model: String?, maxTokensField: MaxTokensField = .maxTokens, stream: Bool = true) -> JSONValue {
        var o: [String: JSONValue] = ["messages": .array(request.messages.map(message)), "stream": .bool(stream)]
        if stream { o["stream_options"] = .object(["include_usage": .bool(true)]) }
        if let model { o["model"] = .string(model) }
        if let t = request.temperature { o["temperature"] = .number(t) }
        if let p = request.topP { o["top_p"] = .number(p) }
        if let n = request.maxTokens { o[maxTokensField.rawValue] = .number(Double(n)) }
        if !request.stop.isEmpty { o["stop"] = .array(request.stop.map(JSONValue.string)) }
        if !request.tools.isEmpty {
            o["tools"] = .array(request.tools.map { tool in
                var f: [String: JSONValue] = ["name": .string(tool.name), "parameters": tool.parameters]
                if let d = tool.description { f["description"] = .string(d) }
                return .object(["type": .string("function"), "function": .object(f)])
            })
        }
        if request.responseFormat == .json { o["response_format"] = .object(["type": .string("json_object")]) }
        return .object(o)
    }

    /// One message; an assistant message that only calls tools has null content.
    package static func message(_ m: ChatMessage) -> JSONValue {
        var o: [String: JSONValue] = ["role": .string(m.role.rawValue)]
        if let calls = m.toolCalls, !calls.isEmpty {
            o["content"] = m.content.isEmpty ? .null : .string(m.content)
            o["tool_calls"] = .array(calls.map { call in
                .object([
                    "id": .string(call.id), "type": .string("function"),
                    "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                ])
            })
        } else {
            o["content"] = .string(m.content)
        }
        if let id = m.toolCallID { o["tool_call_id"] = .string(id) }
        return .object(o)
    }
}
