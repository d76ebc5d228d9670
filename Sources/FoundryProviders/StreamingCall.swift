import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore
import NIOHTTP1

/// The part every HTTP provider shares: send the request, turn an error status into a typed
/// error with the provider's own message, then feed the body's server-sent events to a
/// wire-format decoder. The stream is pulled: the request, the body and the decoding all run in
/// the consumer's own task, so a streamed token wakes one task, not a chain of them. Cancelling
/// the consumer (or dropping the stream) cancels the HTTP request.
struct StreamingCall: Sendable {
    let provider: String
    let model: String
    let timeouts: Timeouts
    let keyVariable: String?

    func run(_ request: HTTPClientRequest, decoder: any ChatStreamDecoder) -> AsyncThrowingStream<ChatEvent, any Error> {
        let pull = PulledCall(call: self, request: request, decoder: decoder)
        return AsyncThrowingStream(unfolding: { try await pull.next() })
    }

    func statusError(_ response: HTTPClientResponse) async -> ProviderError {
        statusError(status: Int(response.status.code), headers: response.headers, body: await HTTPTransport.collect(response))
    }

    /// An error status, with the provider's own message from the body and any Retry-After.
    func statusError(status: Int, headers: HTTPHeaders, body: Data) -> ProviderError {
        .http(status: status, provider: provider, model: model, detail: HTTPTransport.errorMessage(in: body),
              retryAfter: HTTPTransport.retryAfter(headers), keyVariable: keyVariable)
    }

    /// A failure while the body streams: once the response has started, a broken connection
    /// means the answer was cut short, whatever the transport calls it.
    func bodyError(_ error: any Error) -> ProviderError {
        let classified = HTTPTransport.classify(error, provider: provider, model: model, timeouts: timeouts)
        switch classified.kind {
        case .network, .tls: return cut("the connection broke mid-stream (\(classified.detail))")
        default: return classified
        }
    }

    func malformed(_ detail: String) -> ProviderError { .malformed(provider: provider, model: model, detail: detail) }

    func cut(_ detail: String) -> ProviderError { .streamCut(provider: provider, model: model, detail: detail) }

    /// Joins a base URL and a path without doubling or dropping the slash.
    static func join(_ base: String, _ path: String) -> String {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        return b + (path.hasPrefix("/") ? path : "/" + path)
    }
}

/// A wire format's stream decoder: `data:` payloads in, chat events out.
protocol ChatStreamDecoder: Sendable {
    /// Set once the provider's end-of-stream event has been seen.
    var done: Bool { get }
    /// The end-of-stream event's name, for the error when a stream ends without it.
    var endMarker: String { get }
    mutating func handle(_ data: String) throws -> [ChatEvent]
}

/// One pulled call's state. Only the stream's single consumer calls `next`, one call at a time.
private final class PulledCall: @unchecked Sendable {
    let call: StreamingCall
    var request: HTTPClientRequest?
    var decoder: any ChatStreamDecoder
    var events: ServerSentEvents.AsyncIterator?
    var pending: [ChatEvent] = []
    var position = 0

    init(call: StreamingCall, request: HTTPClientRequest, decoder: any ChatStreamDecoder) {
        self.call = call
        self.request = request
        self.decoder = decoder
    }

    func next() async throws -> ChatEvent? {
        while position == pending.count {
            if decoder.done { return nil }
            if let request {
                self.request = nil
                events = try await open(request).body.serverSentEvents().makeAsyncIterator()
            }
            do {
                guard let event = try await events?.next() else { throw call.cut("the stream ended before \(decoder.endMarker)") }
                pending = try decoder.handle(event.data)
                position = 0
            } catch {
                throw call.bodyError(error)
            }
        }
        defer { position += 1 }
        return pending[position]
    }

    private func open(_ request: HTTPClientRequest) async throws(ProviderError) -> HTTPClientResponse {
        let response = try await HTTPTransport.send(request, timeouts: call.timeouts, provider: call.provider, model: call.model)
        guard (200..<300).contains(Int(response.status.code)) else { throw await call.statusError(response) }
        return response
    }
}
