import AsyncHTTPClient
import Foundation
import FoundryCore

/// The OpenAI chat completions wire format, shared by OpenAI, Azure OpenAI, Mistral, vLLM,
/// llama.cpp's server, Ollama's /v1 and foundry's own `run serve`.
enum OpenAIChatWire {
    enum MaxTokensField: String { case maxTokens = "max_tokens", maxCompletionTokens = "max_completion_tokens" }

    static func body(_ request: ChatRequest, model: String?, maxTokensField: MaxTokensField) -> JSONValue {
        var o: [String: JSONValue] = [
            "messages": .array(request.messages.map(message)),
            "stream": .bool(true),
            "stream_options": .object(["include_usage": .bool(true)]),
        ]
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

    static func message(_ m: ChatMessage) -> JSONValue {
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

    /// Decodes the `data:` payloads of a chat completion stream into events. The finish reason
    /// is held until `[DONE]` so that usage (sent after it) comes first.
    struct Decoder: ChatStreamDecoder {
        private(set) var done = false
        var endMarker: String { "[DONE]" }
        private var finish: FinishReason?
        let call: StreamingCall

        init(call: StreamingCall) { self.call = call }

        mutating func handle(_ data: String) throws -> [ChatEvent] {
            if data == "[DONE]" {
                done = true
                return [.finish(finish ?? .stop)]
            }
            guard let chunk = try? JSONValue.parse(Data(data.utf8), what: "stream chunk") else {
                throw call.malformed("stream chunk is not JSON: \(data.prefix(80))")
            }
            if let error = chunk["error"], error != .null {
                let message = error["message"]?.stringValue ?? error.stringValue ?? "error in stream"
                throw ProviderError.http(status: error["code"]?.intValue ?? 500, provider: call.provider, model: call.model, detail: message)
            }
            var events: [ChatEvent] = []
            for choice in chunk["choices"]?.arrayValue ?? [] {
                let delta = choice["delta"] ?? choice["message"]
                if let text = delta?["content"]?.stringValue, !text.isEmpty { events.append(.text(text)) }
                for (position, call) in (delta?["tool_calls"]?.arrayValue ?? []).enumerated() {
                    events.append(.toolCall(ToolCallDelta(
                        index: call["index"]?.intValue ?? position, id: call["id"]?.stringValue,
                        name: call["function"]?["name"]?.stringValue,
                        arguments: call["function"]?["arguments"]?.stringValue ?? "")))
                }
                if let reason = choice["finish_reason"]?.stringValue { finish = FinishReason(providerValue: reason) }
            }
            if let usage = chunk["usage"], usage != .null {
                events.append(.usage(Usage(
                    inputTokens: usage["prompt_tokens"]?.intValue ?? 0,
                    outputTokens: usage["completion_tokens"]?.intValue ?? 0,
                    cachedInputTokens: usage["prompt_tokens_details"]?["cached_tokens"]?.intValue,
                    reasoningTokens: usage["completion_tokens_details"]?["reasoning_tokens"]?.intValue)))
            }
            return events
        }
    }
}

