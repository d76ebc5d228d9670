import Foundation
import FoundryCore
import FoundryLM

/// A `/v1/chat/completions` or `/v1/completions` request body, validated.
struct RunServeRequest: Sendable {
    var messages: [FoundryLM.ChatMessage]?
    var prompt: String?
    var maxTokens: Int?
    var stream = false
    var includeUsage = false
    var stop: [String] = []
    var sampling = SamplingOptions()

    static func parse(_ data: Data, chat: Bool) throws -> RunServeRequest {
        let body = try JSONValue.parseRequestBody(data)
        guard body.objectValue != nil else { throw FoundryError.usage("the request body must be a JSON object") }
        var r = RunServeRequest()
        if chat {
            guard let list = body["messages"]?.arrayValue, !list.isEmpty else {
                throw FoundryError.usage("'messages' must be a non-empty array")
            }
            r.messages = try list.enumerated().map { i, m in
                guard let role = m["role"]?.stringValue else { throw FoundryError.usage("messages[\(i)].role is missing") }
                return FoundryLM.ChatMessage(role: role, content: try Self.content(m["content"], index: i))
            }
        } else {
            if let p = body["prompt"]?.stringValue {
                r.prompt = p
            } else if let list = body["prompt"]?.arrayValue, list.count == 1, let p = list[0].stringValue {
                r.prompt = p
            } else {
                throw FoundryError.usage("'prompt' must be a string")
            }
        }
        if let n = body["max_completion_tokens"] ?? body["max_tokens"], n != .null {
            guard let v = n.intValue, v >= 0 else { throw FoundryError.usage("'max_tokens' must be a non-negative integer") }
            r.maxTokens = v
        }
        r.stream = body["stream"]?.boolValue ?? false
        r.includeUsage = body["stream_options"]?["include_usage"]?.boolValue ?? false
        switch body["stop"] {
        case .string(let s)?: r.stop = [s]
        case .array(let a)?: r.stop = a.compactMap(\.stringValue)
        default: break
        }
        r.sampling.temperature = Float(body["temperature"]?.doubleValue ?? 1.0)
        r.sampling.topP = Float(body["top_p"]?.doubleValue ?? 1.0)
        r.sampling.topK = body["top_k"]?.intValue ?? 0
        r.sampling.minP = Float(body["min_p"]?.doubleValue ?? 0.05)
        r.sampling.seed = body["seed"]?.intValue.map { UInt64(bitPattern: Int64($0)) } ?? UInt64.random(in: 0...UInt64.max)
        guard r.sampling.temperature >= 0, r.sampling.temperature <= 2 else { throw FoundryError.usage("'temperature' must be between 0 and 2") }
        guard r.sampling.topP > 0, r.sampling.topP <= 1 else { throw FoundryError.usage("'top_p' must be in (0, 1]") }
        return r
    }

    /// Message content: a string, or an array of text parts.
    private static func content(_ value: JSONValue?, index: Int) throws -> String {
        switch value {
        case .string(let s)?: return s
        case .null?, nil: return ""
        case .array(let parts)?:
            return try parts.map { part in
                guard part["type"]?.stringValue == "text", let t = part["text"]?.stringValue else {
                    throw FoundryError.usage("messages[\(index)]: only text content parts are supported by run serve")
                }
                return t
            }.joined()
        default: throw FoundryError.usage("messages[\(index)].content must be a string or an array of text parts")
        }
    }
}
