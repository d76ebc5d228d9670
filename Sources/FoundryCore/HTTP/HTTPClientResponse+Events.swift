import AsyncHTTPClient
import NIOCore

extension HTTPClientResponse.Body {
    /// The body as server-sent events, parsed as bytes arrive, in the consumer's own task (no
    /// extra task or stream in between: every streamed token would pay for that hop).
    public func serverSentEvents() -> ServerSentEvents { ServerSentEvents(body: self) }
}

/// Server-sent events read from a response body.
public struct ServerSentEvents: AsyncSequence {
    public typealias Element = SSEParser.Event
    let body: HTTPClientResponse.Body

    public struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: HTTPClientResponse.Body.AsyncIterator
        var parser = SSEParser()
        var pending: [SSEParser.Event] = []
        var next = 0

        public mutating func next() async throws -> SSEParser.Event? {
            while next == pending.count {
                guard let buffer = try await bytes.next() else { return nil }
                pending = parser.feed(buffer.readableBytesView)
                next = 0
            }
            defer { next += 1 }
            return pending[next]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: body.makeAsyncIterator()) }
}
