import Foundation
import FoundryCore

/// The OpenAI wire shapes `route serve` answers with.
enum ServeResponses {
    /// One `chat.completion.chunk` event. Written by hand (keys in sorted order, as JSONEncoder
    /// would write them): every streamed token passes through here.
    static func chunk(id: String, model: String, created: Int, role: String? = nil, content: String? = nil, finish: String? = nil) -> String {
        var delta: [String] = []
        if let content { delta.append("\"content\":" + quoted(content)) }
        if let role { delta.append("\"role\":" + quoted(role)) }
        return "data: {\"choices\":[{\"delta\":{" + delta.joined(separator: ",") + "},\"finish_reason\":" + (finish.map(quoted) ?? "null")
            + ",\"index\":0}],\"created\":\(created),\"id\":" + quoted(id) + ",\"model\":" + quoted(model)
            + ",\"object\":\"chat.completion.chunk\"}\n\n"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
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
        JSONValue.object(["error": .object(["message": .string(message), "type": .string(type), "code": .string(code)])]).jsonString
    }

    static func event(_ value: JSONValue) -> String { "data: " + value.jsonString + "\n\n" }

    /// A header-safe one-line reason (printable ASCII).
    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }.prefix(300))
    }
}
