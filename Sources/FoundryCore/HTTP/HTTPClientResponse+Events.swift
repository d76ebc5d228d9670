import AsyncHTTPClient
import NIOCore

extension HTTPClientResponse.Body {
    /// The body as server-sent events, parsed as bytes arrive.
    public func serverSentEvents() -> AsyncThrowingStream<SSEParser.Event, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var parser = SSEParser()
                do {
                    for try await buffer in self {
                        for event in parser.feed(buffer.readableBytesView) { continuation.yield(event) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
