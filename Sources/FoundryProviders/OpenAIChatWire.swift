import AsyncHTTPClient
import Foundation
import FoundryCore
import FoundryOpenAIWire

/// The OpenAI chat completions wire format, shared by OpenAI, Azure OpenAI, Mistral, vLLM,
/// llama.cpp's server, Ollama's /v1 and foundry's own `run serve`: bodies written by
/// `ChatRequestBody`, streams read by `CompletionPayload` (FoundryOpenAIWire).
enum OpenAIChatWire {
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
            guard let chunk = CompletionPayload(json: data) else {
                throw call.malformed("stream chunk is not JSON: \(data.prefix(80))")
            }
            if let error = chunk.error {
                throw ProviderError.http(status: error.status, provider: call.provider, model: call.model, detail: error.message)
            }
            var events: [ChatEvent] = []
            for choice in chunk.choices {
                if let text = choice.content, !text.isEmpty { events.append(.text(text)) }
                events += choice.toolCalls.map(ChatEvent.toolCall)
                if let reason = choice.finishReason { finish = FinishReason(providerValue: reason) }
            }
            if let usage = chunk.usage { events.append(.usage(usage)) }
            return events
        }
    }
}

