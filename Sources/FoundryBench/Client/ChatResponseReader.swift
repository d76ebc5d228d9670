import Foundation
import FoundryCore
import FoundryOpenAIWire
import NIOCore

/// Reads an OpenAI-compatible chat completion response after it arrived: server-sent events
/// (each content chunk timed by the read that completed it) or one JSON document (content at
/// the end), the usage the server reported, and in-stream errors. Pure: tested without sockets.
public struct ChatResponseReader: Sendable {
    /// Names the endpoint in errors ("127.0.0.1:8000").
    public let provider: String
    public let model: String?

    public init(provider: String, model: String?) {
        self.provider = provider
        self.model = model
    }

    public func read(_ raw: RawResponse) -> RequestTiming {
        var timing = RequestTiming(sent: raw.sent, finished: raw.finished)
        guard (200..<300).contains(raw.status) else {
            timing.error = .http(status: raw.status, provider: provider, model: model,
                                 detail: HTTPTransport.errorMessage(in: raw.body), retryAfter: HTTPTransport.retryAfter(raw.headers))
            return timing
        }
        if raw.contentType?.lowercased().hasPrefix("text/event-stream") == true {
            readEvents(raw, into: &timing)
        } else {
            readDocument(raw, into: &timing)
        }
        return timing
    }

    private func readEvents(_ raw: RawResponse, into timing: inout RequestTiming) {
        var parser = SSEParser()
        var text = ""
        for part in raw.parts {
            for event in parser.feed(part.bytes.readableBytesView) {
                if event.data == "[DONE]" {
                    timing.text = text
                    return
                }
                guard let chunk = CompletionPayload(json: event.data) else {
                    timing.error = .malformed(provider: provider, model: model, detail: "stream chunk is not JSON: \(event.data.prefix(80))")
                    return
                }
                if let error = chunk.error {
                    timing.error = .http(status: error.status, provider: provider, model: model, detail: error.message)
                    return
                }
                if let piece = chunk.firstText, !piece.isEmpty {
                    timing.content.append(part.arrived)
                    text += piece
                }
                if let usage = chunk.usage { timing.usage = usage }
            }
        }
        timing.text = text
        timing.error = .streamCut(provider: provider, model: model, detail: "the stream ended before [DONE]")
    }

    private func readDocument(_ raw: RawResponse, into timing: inout RequestTiming) {
        let data = raw.body
        guard let document = CompletionPayload(json: data) else {
            timing.error = .malformed(provider: provider, model: model, detail: "response is not JSON: \(String(decoding: data.prefix(80), as: UTF8.self))")
            return
        }
        let text = document.firstText ?? ""
        if !text.isEmpty { timing.content = [raw.finished] }
        timing.text = text
        timing.usage = document.usage
    }
}
