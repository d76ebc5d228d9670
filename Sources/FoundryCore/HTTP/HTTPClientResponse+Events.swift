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

    /// The body as lines (newline-delimited JSON and similar), without line terminators.
    public func lines() -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var pending: [UInt8] = []
                do {
                    for try await buffer in self {
                        for byte in buffer.readableBytesView {
                            if byte == 0x0A {
                                if pending.last == 0x0D { pending.removeLast() }
                                continuation.yield(String(decoding: pending, as: UTF8.self))
                                pending.removeAll(keepingCapacity: true)
                            } else {
                                pending.append(byte)
                            }
                        }
                    }
                    if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
