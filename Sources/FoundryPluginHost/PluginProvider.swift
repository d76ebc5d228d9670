import CFoundryPluginABI
import Foundation
import FoundryCore
import Synchronization

/// A loaded plugin seen as a `ChatProvider`. Each call runs the plugin's blocking
/// `chat_stream` on its own thread and bridges the events into an async stream; cancelling the
/// consumer calls the plugin's `cancel`.
public struct PluginProvider: ChatProvider {
    public let plugin: LoadedPlugin
    public let settings: ProviderSettings
    public let credential: Credential?
    public let baseURL: String?

    private static let nextCallID = Atomic<UInt64>(1)

    public init(plugin: LoadedPlugin, settings: ProviderSettings, credential: Credential?, baseURL: String?) {
        self.plugin = plugin
        self.settings = settings
        self.credential = credential
        self.baseURL = baseURL
    }

    public var name: String { plugin.name }

    public func stream(_ request: ChatRequest, model entry: CatalogEntry) -> AsyncThrowingStream<ChatEvent, any Error> {
        let callID = Self.nextCallID.wrappingAdd(1, ordering: .relaxed).oldValue
        let body = requestJSON(request, model: entry.model)
        let table = plugin.table
        let providerName = plugin.name
        let keyVariable = settings.apiKeyVariable
        return AsyncThrowingStream { continuation in
            let sink = EventSink(continuation: continuation, provider: providerName, model: entry.model, keyVariable: keyVariable)
            let thread = Thread {
                let context = Unmanaged.passRetained(sink)
                let status = body.withUnsafeBytes { raw in
                    table.value.chat_stream(
                        callID, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count,
                        { ctx, kind, json, length in
                            guard let ctx else { return }
                            let sink = Unmanaged<EventSink>.fromOpaque(ctx).takeUnretainedValue()
                            let data = json.map { Data(bytes: $0, count: length) } ?? Data()
                            sink.receive(kind: kind, json: data)
                        },
                        context.toOpaque())
                }
                let lastError = table.value.last_error().map { String(cString: $0) }
                context.release()
                sink.finish(status: status, lastError: lastError)
            }
            thread.name = "foundry-plugin-\(providerName)"
            continuation.onTermination = { termination in
                if case .cancelled = termination { table.value.cancel(callID) }
            }
            thread.start()
        }
    }

    func requestJSON(_ request: ChatRequest, model: String) -> Data {
        var object: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(request.messages.map { m in
                var o: [String: JSONValue] = ["role": .string(m.role.rawValue), "content": .string(m.content)]
                if let id = m.toolCallID { o["tool_call_id"] = .string(id) }
                if let calls = m.toolCalls {
                    o["tool_calls"] = .array(calls.map { .object(["id": .string($0.id), "name": .string($0.name), "arguments": .string($0.arguments)]) })
                }
                return .object(o)
            }),
            "response_format": .string(request.responseFormat.rawValue),
            "stop": .array(request.stop.map(JSONValue.string)),
        ]
        if let t = request.temperature { object["temperature"] = .number(t) }
        if let p = request.topP { object["top_p"] = .number(p) }
        if let n = request.maxTokens { object["max_tokens"] = .number(Double(n)) }
        if !request.tools.isEmpty {
            object["tools"] = .array(request.tools.map { tool in
                var o: [String: JSONValue] = ["name": .string(tool.name), "parameters": tool.parameters]
                if let d = tool.description { o["description"] = .string(d) }
                return .object(o)
            })
        }
        var endpoint: [String: JSONValue] = [
            "connect_timeout_ms": .number(Double(settings.timeouts.connect.milliseconds)),
            "first_byte_timeout_ms": .number(Double(settings.timeouts.firstByte.milliseconds)),
        ]
        if let baseURL { endpoint["base_url"] = .string(baseURL) }
        if let credential { endpoint["api_key"] = .string(credential.value) }
        object["endpoint"] = .object(endpoint)
        return Data(JSONValue.object(object).jsonBytes)
    }
}

/// Receives events on the plugin's thread and forwards them to the async stream.
final class EventSink: @unchecked Sendable {
    private let continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation
    private let provider: String
    private let model: String
    private let keyVariable: String?
    // Touched only on the plugin's calling thread (events arrive there, then finish runs there).
    private var error: ProviderError?
    private var finished = false

    init(continuation: AsyncThrowingStream<ChatEvent, any Error>.Continuation, provider: String, model: String, keyVariable: String?) {
        self.continuation = continuation
        self.provider = provider
        self.model = model
        self.keyVariable = keyVariable
    }

    func receive(kind: Int32, json: Data) {
        guard error == nil else { return }
        guard let payload = try? JSONDecoder().decode(JSONValue.self, from: json) else {
            error = .malformed(provider: provider, model: model, detail: "plugin sent malformed event JSON")
            return
        }
        switch UInt32(bitPattern: kind) {
        case FOUNDRY_EVENT_TEXT.rawValue:
            if let text = payload["text"]?.stringValue, !text.isEmpty { continuation.yield(.text(text)) }
        case FOUNDRY_EVENT_TOOL_CALL.rawValue:
            continuation.yield(.toolCall(ToolCallDelta(
                index: payload["index"]?.intValue ?? 0, id: payload["id"]?.stringValue, name: payload["name"]?.stringValue,
                arguments: payload["arguments"]?.stringValue ?? "")))
        case FOUNDRY_EVENT_USAGE.rawValue:
            continuation.yield(.usage(Usage(
                inputTokens: payload["input_tokens"]?.intValue ?? 0, outputTokens: payload["output_tokens"]?.intValue ?? 0,
                cachedInputTokens: payload["cached_input_tokens"]?.intValue, reasoningTokens: payload["reasoning_tokens"]?.intValue)))
        case FOUNDRY_EVENT_FINISH.rawValue:
            finished = true
            continuation.yield(.finish(FinishReason(providerValue: payload["reason"]?.stringValue ?? "stop")))
        case FOUNDRY_EVENT_ERROR.rawValue:
            error = ProviderError.from(
                code: payload["kind"]?.stringValue ?? "protocol", provider: provider, model: model,
                status: payload["status"]?.intValue, retryAfter: payload["retry_after_ms"]?.intValue.map { .milliseconds($0) },
                detail: payload["message"]?.stringValue ?? "", keyVariable: keyVariable)
        default:
            break  // event kinds from a newer minor version are ignored
        }
    }

    func finish(status: Int32, lastError: String?) {
        if let error { continuation.finish(throwing: error); return }
        switch UInt32(bitPattern: status) {
        case FOUNDRY_OK.rawValue where finished:
            continuation.finish()
        case FOUNDRY_OK.rawValue:
            continuation.finish(throwing: ProviderError.streamCut(provider: provider, model: model, detail: "plugin ended the stream without a FINISH event"))
        case FOUNDRY_CANCELLED.rawValue:
            continuation.finish(throwing: ProviderError.cancelled(provider: provider, model: model))
        default:
            continuation.finish(throwing: ProviderError.malformed(provider: provider, model: model, detail: lastError ?? "plugin call failed (status \(status))"))
        }
    }
}
