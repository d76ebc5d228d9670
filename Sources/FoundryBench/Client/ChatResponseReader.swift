import Foundation
import FoundryCore
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
                guard let chunk = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any] else {
                    timing.error = .malformed(provider: provider, model: model, detail: "stream chunk is not JSON: \(event.data.prefix(80))")
                    return
                }
                if let error = chunk["error"] as? [String: Any] {
                    timing.error = .http(status: error["code"] as? Int ?? 500, provider: provider, model: model,
                                         detail: error["message"] as? String ?? "error in stream")
                    return
                }
                if let piece = Self.content(chunk, key: "delta"), !piece.isEmpty {
                    timing.content.append(part.arrived)
                    text += piece
                }
                if let usage = Self.usage(chunk) { timing.usage = usage }
            }
        }
        timing.text = text
        timing.error = .streamCut(provider: provider, model: model, detail: "the stream ended before [DONE]")
    }

    private func readDocument(_ raw: RawResponse, into timing: inout RequestTiming) {
        let data = raw.body
        guard let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            timing.error = .malformed(provider: provider, model: model, detail: "response is not JSON: \(String(decoding: data.prefix(80), as: UTF8.self))")
            return
        }
        let text = Self.content(document, key: "message") ?? ""
        if !text.isEmpty { timing.content = [raw.finished] }
        timing.text = text
        timing.usage = Self.usage(document)
    }

    /// The text of the first choice: `content` (or `reasoning_content`, which is generated
    /// tokens too) of its delta or message, or `text` of a completions choice.
    static func content(_ object: [String: Any], key: String) -> String? {
        guard let choice = (object["choices"] as? [[String: Any]])?.first else { return nil }
        if let body = choice[key] as? [String: Any] {
            let content = body["content"] as? String ?? ""
            let reasoning = body["reasoning_content"] as? String ?? body["reasoning"] as? String ?? ""
            return reasoning + content
        }
        return choice["text"] as? String
    }

    static func usage(_ object: [String: Any]) -> Usage? {
        guard let usage = object["usage"] as? [String: Any] else { return nil }
        guard let input = usage["prompt_tokens"] as? Int, let output = usage["completion_tokens"] as? Int else { return nil }
        return Usage(inputTokens: input, outputTokens: output,
                     cachedInputTokens: (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int)
    }
}
