import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore
import NIOHTTP1

/// The part every HTTP provider shares: send the request, then read the response with
/// `ChatStreamReading` (an error status as a typed error with the provider's own message, the
/// body's server-sent events through a wire-format decoder). The stream is pulled: the request,
/// the body and the decoding all run in the consumer's own task, so a streamed token wakes one
/// task, not a chain of them. Cancelling the consumer (or dropping the stream) cancels the HTTP
/// request.
struct StreamingCall: Sendable {
    let provider: String
    let model: String
    let timeouts: Timeouts
    let keyVariable: String?

    func run(_ request: HTTPClientRequest, decoder: any ChatStreamDecoder) -> AsyncThrowingStream<ChatEvent, any Error> {
        let pull = PulledCall(call: self, request: request, decoder: decoder)
        return AsyncThrowingStream(unfolding: { try await pull.next() })
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
    var reading: ChatStreamReading
    var events: ServerSentEvents.AsyncIterator?
    var pending: [ChatEvent] = []
    var position = 0

    init(call: StreamingCall, request: HTTPClientRequest, decoder: any ChatStreamDecoder) {
        self.call = call
        self.request = request
        self.reading = ChatStreamReading(call: call, decoder: decoder)
    }

    func next() async throws -> ChatEvent? {
        while position == pending.count {
            if reading.done { return nil }
            if let request {
                self.request = nil
                events = try await open(request).body.serverSentEvents().makeAsyncIterator()
            }
            do {
                guard let event = try await events?.next() else { throw reading.ended(errorBody: Data()) }
                pending = try reading.decode(event.data)
                position = 0
            } catch {
                throw reading.failure(error)
            }
        }
        defer { position += 1 }
        return pending[position]
    }

    private func open(_ request: HTTPClientRequest) async throws(ProviderError) -> HTTPClientResponse {
        let response = try await HTTPTransport.send(request, timeouts: call.timeouts, provider: call.provider, model: call.model)
        guard reading.received(status: Int(response.status.code), headers: response.headers) else {
            throw reading.ended(errorBody: await HTTPTransport.collect(response))
        }
        return response
    }
}
