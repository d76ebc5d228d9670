import AsyncHTTPClient
import Foundation
import FoundryCore

/// Anthropic's Messages API with streaming events.
public struct AnthropicProvider: WireChatProvider {
    public static let apiVersion = "2023-06-01"

    public let settings: ProviderSettings
    public let baseURL: String
    public let credential: Credential?

    public init(settings: ProviderSettings, baseURL: String, credential: Credential?) {
        self.settings = settings
        self.baseURL = baseURL
        self.credential = credential
    }

    public var name: String { settings.name }

    public func wireCall(_ request: ChatRequest, model entry: CatalogEntry) -> WireChatCall {
        let call = StreamingCall(provider: name, model: entry.model, timeouts: settings.timeouts, keyVariable: settings.apiKeyVariable)
        var headers = settings.headers.map { ($0.key, $0.value) }
        headers.append(("anthropic-version", Self.apiVersion))
        if let credential {
            headers.append(credential.scheme == .bearer ? ("authorization", "Bearer \(credential.value)") : ("x-api-key", credential.value))
        }
        return WireChatCall(call: call, url: StreamingCall.join(baseURL, "v1/messages"), body: Self.body(request, entry: entry),
                            headers: headers, request: request, decoder: AnthropicStreamDecoder(call: call))
    }

    /// The Messages request: system prompt apart, tool calls and results as content blocks,
    /// max_tokens always present (the API requires it).
    static func body(_ request: ChatRequest, entry: CatalogEntry) -> JSONValue {
        var o: [String: JSONValue] = [
            "model": .string(entry.model),
            "max_tokens": .number(Double(request.maxTokens ?? min(entry.maxOutputTokens, 4096))),
            "stream": .bool(true),
            "messages": .array(request.conversation.map(message)),
        ]
        var system = request.systemPrompt
        if request.responseFormat == .json {
            // The Messages API has no JSON mode; ask for it in the system prompt.
            system = (system.map { $0 + "\n\n" } ?? "") + "Respond with a single valid JSON object and nothing else."
        }
        if let system { o["system"] = .string(system) }
        if let t = request.temperature { o["temperature"] = .number(t) }
        if let p = request.topP { o["top_p"] = .number(p) }
        if !request.stop.isEmpty { o["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if !request.tools.isEmpty {
            o["tools"] = .array(request.tools.map { tool in
                var t: [String: JSONValue] = ["name": .string(tool.name), "input_schema": tool.parameters]
                if let d = tool.description { t["description"] = .string(d) }
                return .object(t)
            })
        }
        return .object(o)
    }

    static func message(_ m: ChatMessage) -> JSONValue {
        switch m.role {
        case .tool:
            return .object([
                "role": .string("user"),
                "content": .array([.object([
                    "type": .string("tool_result"), "tool_use_id": .string(m.toolCallID ?? ""), "content": .string(m.content),
                ])]),
            ])
        case .assistant where !(m.toolCalls ?? []).isEmpty:
            var blocks: [JSONValue] = m.content.isEmpty ? [] : [.object(["type": .string("text"), "text": .string(m.content)])]
            for call in m.toolCalls ?? [] {
                let input = (try? JSONValue.parse(Data(call.arguments.utf8), what: "tool arguments")) ?? .object([:])
                blocks.append(.object(["type": .string("tool_use"), "id": .string(call.id), "name": .string(call.name), "input": input]))
            }
            return .object(["role": .string("assistant"), "content": .array(blocks)])
        default:
            return .object(["role": .string(m.role == .assistant ? "assistant" : "user"), "content": .string(m.content)])
        }
    }
}

/// Turns Anthropic stream events into chat events.
struct AnthropicStreamDecoder: ChatStreamDecoder {
    let call: StreamingCall
    private(set) var done = false
    var endMarker: String { "message_stop" }
    private var usage = Usage(inputTokens: 0, outputTokens: 0)
    private var stopReason: FinishReason = .stop
    /// Content block index → tool call index.
    private var toolIndex: [Int: Int] = [:]

    init(call: StreamingCall) { self.call = call }

    mutating func handle(_ data: String) throws -> [ChatEvent] {
        guard let event = try? JSONValue.parse(Data(data.utf8), what: "stream event") else {
            throw call.malformed("stream event is not JSON: \(data.prefix(80))")
        }
        switch event["type"]?.stringValue {
        case "message_start":
            let u = event["message"]?["usage"]
            let read = u?["cache_read_input_tokens"]?.intValue ?? 0
            let write = u?["cache_creation_input_tokens"]?.intValue ?? 0
            usage.inputTokens = (u?["input_tokens"]?.intValue ?? 0) + read + write
            usage.cachedInputTokens = read
            usage.cacheWriteTokens = write
            usage.outputTokens = u?["output_tokens"]?.intValue ?? 0
            return []
        case "content_block_start":
            guard let block = event["content_block"], block["type"]?.stringValue == "tool_use",
                  let index = event["index"]?.intValue else { return [] }
            let position = toolIndex.count
            toolIndex[index] = position
            return [.toolCall(ToolCallDelta(index: position, id: block["id"]?.stringValue, name: block["name"]?.stringValue))]
        case "content_block_delta":
            let delta = event["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta":
                guard let text = delta?["text"]?.stringValue, !text.isEmpty else { return [] }
                return [.text(text)]
            case "input_json_delta":
                guard let index = event["index"]?.intValue, let position = toolIndex[index] else { return [] }
                return [.toolCall(ToolCallDelta(index: position, arguments: delta?["partial_json"]?.stringValue ?? ""))]
            default:
                return []  // thinking and signature deltas are not part of the answer
            }
        case "message_delta":
            if let reason = event["delta"]?["stop_reason"]?.stringValue { stopReason = FinishReason(providerValue: reason) }
            if let out = event["usage"]?["output_tokens"]?.intValue { usage.outputTokens = out }
            return []
        case "message_stop":
            done = true
            return [.usage(usage), .finish(stopReason)]
        case "error":
            let kind = event["error"]?["type"]?.stringValue ?? "api_error"
            let message = event["error"]?["message"]?.stringValue ?? kind
            let status = ["overloaded_error": 529, "rate_limit_error": 429, "authentication_error": 401,
                          "permission_error": 403, "not_found_error": 404, "invalid_request_error": 400][kind] ?? 500
            throw ProviderError.http(status: status, provider: call.provider, model: call.model, detail: message, keyVariable: call.keyVariable)
        default:
            return []  // ping and unknown future events
        }
    }
}
