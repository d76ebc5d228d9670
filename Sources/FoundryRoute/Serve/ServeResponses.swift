import Foundation
import FoundryCore
import FoundryOpenAIWire
import FoundryRouting

/// The OpenAI wire shapes `route serve` answers with.
enum ServeResponses {
    /// One `chat.completion.chunk` event. Written by hand (keys in sorted order, as JSONEncoder
    /// would write them): every streamed token passes through here.
    static func chunk(id: String, model: String, created: Int, role: String? = nil, content: String? = nil, finish: String? = nil) -> String {
        chunk(tail: chunkTail(id: id, model: model, created: created), role: role, content: content, finish: finish)
    }

    /// The part of a chunk after its `choices`, the same for every chunk of one answer.
    static func chunkTail(id: String, model: String, created: Int) -> String {
        ",\"index\":0}],\"created\":\(created),\"id\":" + JSONValue.quoted(id) + ",\"model\":" + JSONValue.quoted(model)
            + ",\"object\":\"chat.completion.chunk\"}\n\n"
    }

    static func chunk(tail: String, role: String? = nil, content: String? = nil, finish: String? = nil) -> String {
        let quoted = JSONValue.quoted
        var delta = ""
        if let content { delta = "\"content\":" + quoted(content) }
        if let role { delta += (delta.isEmpty ? "" : ",") + "\"role\":" + quoted(role) }
        return "data: {\"choices\":[{\"delta\":{" + delta + "},\"finish_reason\":" + (finish.map(quoted) ?? "null") + tail
    }

    static func usageChunk(id: String, model: String, created: Int, usage: Usage) -> String {
        event(.object(["id": .string(id), "object": .string("chat.completion.chunk"), "created": .number(Double(created)),
                       "model": .string(model), "choices": .array([]), "usage": usageJSON(usage)]))
    }

    static func completion(id: String, model: String, created: Int, completion: ChatCompletion, usage: Usage) -> JSONValue {
        var message: [String: JSONValue] = ["role": .string("assistant"), "content": .string(completion.text)]
        if !completion.toolCalls.isEmpty {
            message["tool_calls"] = .array(completion.toolCalls.map {
                .object(["id": .string($0.id), "type": .string("function"),
                         "function": .object(["name": .string($0.name), "arguments": .string($0.arguments)])])
            })
        }
        return .object([
            "id": .string(id), "object": .string("chat.completion"), "created": .number(Double(created)), "model": .string(model),
            "choices": .array([.object(["index": .number(0), "message": .object(message),
                                        "finish_reason": .string(completion.finishReason?.description ?? "stop")])]),
            "usage": usageJSON(usage),
        ])
    }

    static func usageJSON(_ u: Usage) -> JSONValue {
        .object(["prompt_tokens": .number(Double(u.inputTokens)), "completion_tokens": .number(Double(u.outputTokens)),
                 "total_tokens": .number(Double(u.inputTokens + u.outputTokens))])
    }

    static func error(_ message: String, type: String, code: String) -> String {
        OpenAIErrorBody.json(message, type: type, code: code)
    }

    static func event(_ value: JSONValue) -> String { "data: " + value.jsonString + "\n\n" }

    /// A header-safe one-line reason (printable ASCII).
    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }.prefix(300))
    }
}
