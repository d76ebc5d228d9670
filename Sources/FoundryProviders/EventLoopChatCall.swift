import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore
import NIOHTTP1

/// A `WireChatCall` driven on one event loop: the connection, the response and every callback
/// stay on that loop, so a server relaying the answer from the same loop never hands a token
/// to another thread. Same errors as the pulled stream: an error status with the provider's
/// message and Retry-After, transport failures classified, a body cut short reported as such.
public final class EventLoopChatCall: @unchecked Sendable {
    public enum Update {
        /// Events decoded from one piece of the body (never empty).
        case events([ChatEvent])
        /// The wire format's end-of-stream event arrived.
        case finished
        /// The call failed; nothing more follows.
        case failed(ProviderError)
    }

    private let loop: any EventLoop
    private let onUpdate: (Update) -> Void
    private var reading: ChatStreamReading
    private var parser = SSEParser()
    private var task: HTTPClient.Task<Void>?
    private var exchange: LoopHTTPExchange?
    private var headTimer: Scheduled<Void>?
    /// The body of an error status.
    private var errorBody = Data()
    private var over = false

    private init(wire: WireChatCall, loop: any EventLoop, onUpdate: @escaping (Update) -> Void) {
        self.loop = loop
        self.onUpdate = onUpdate
        self.reading = ChatStreamReading(call: wire.call, decoder: wire.decoder)
    }

    /// Sends the call from `loop` (the caller must be on it); `onUpdate` is called on it. A
    /// plain-HTTP endpoint is called over a connection of `loop` itself (`LoopHTTPExchange`),
    /// so the answer never changes threads; any other goes through AsyncHTTPClient.
    public static func start(_ wire: WireChatCall, on loop: any EventLoop, onUpdate: @escaping (Update) -> Void) -> EventLoopChatCall {
        loop.preconditionInEventLoop()
        let call = EventLoopChatCall(wire: wire, loop: loop, onUpdate: onUpdate)
        let timeouts = wire.call.timeouts
        call.headTimer = loop.assumeIsolated().scheduleTask(in: .milliseconds(timeouts.firstByte.milliseconds)) {
            guard call.reading.head == nil else { return }
            call.failed(HTTPClientError.deadlineExceeded)
        }
        if let target = LoopHTTPExchange.Target(wire.url) {
            let exchange = LoopHTTPExchange(
                target: target, headers: wire.headers, body: ByteBuffer(bytes: wire.body), loop: loop,
                connectTimeout: .milliseconds(timeouts.connect.milliseconds), idleTimeout: .milliseconds(timeouts.idle.milliseconds),
                onPart: { part in
                    switch part {
                    case .head(let head): call.received(head)
                    case .body(let buffer): call.received(buffer)
                    case .end: call.ended()
                    }
                },
                onError: { error in call.failed(error) })
            call.exchange = exchange
            exchange.start()
            return call
        }
        do {
            let request = try HTTPClient.Request(url: wire.url, method: .POST, headers: wire.headers, body: .bytes(wire.body))
            call.task = HTTPTransport.client(for: timeouts).execute(request: request, delegate: call, eventLoop: .delegate(on: loop))
        } catch {
            call.failed(error)
        }
        return call
    }

    /// Stops the call; no update follows.
    public func cancel() {
        loop.preconditionInEventLoop()
        over = true
        finish()
    }

    private func finish() {
        headTimer?.cancel()
        headTimer = nil
        task?.cancel()
        task = nil
        exchange?.cancel()
        exchange = nil
    }

    private func report(_ update: Update) {
        guard !over else { return }
        switch update {
        case .events: break
        case .finished:
            // The rest of the body (normally nothing) is read, so the connection can be reused.
            over = true
            headTimer?.cancel()
            headTimer = nil
        case .failed:
            over = true
            finish()
        }
        onUpdate(update)
    }

    private func received(_ head: HTTPResponseHead) {
        _ = reading.received(status: Int(head.status.code), headers: head.headers)
        headTimer?.cancel()
        headTimer = nil
    }

    private func received(_ buffer: ByteBuffer) {
        guard !over else { return }
        guard reading.accepted else {
            if errorBody.count < 1 << 20 { errorBody.append(contentsOf: buffer.readableBytesView) }
            return
        }
        var events: [ChatEvent] = []
        do {
            for event in parser.feed(buffer.readableBytesView) {
                events += try reading.decode(event.data)
                if reading.done { break }
            }
        } catch {
            if !events.isEmpty { report(.events(events)) }
            return report(.failed(reading.failure(error)))
        }
        if !events.isEmpty { report(.events(events)) }
        if reading.done { report(.finished) }
    }

    private func failed(_ error: any Error) {
        guard !over else {
            exchange = nil  // the rest of an answer already finished could not be read
            return
        }
        report(.failed(reading.failure(error)))
    }

    /// The response ended: an error status is reported with the provider's message, a success
    /// that ends before the stream's end marker as cut short.
    private func ended() {
        task = nil
        exchange = nil
        guard !over else { return }
        report(.failed(reading.ended(errorBody: errorBody)))
    }
}

/// AsyncHTTPClient's callbacks (https endpoints), all on the call's loop.
extension EventLoopChatCall: HTTPClientResponseDelegate {
    public typealias Response = Void

    public func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        received(head)
        return loop.makeSucceededVoidFuture()
    }

    public func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        received(buffer)
        return loop.makeSucceededVoidFuture()
    }

    public func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        self.task = nil
        failed(error)
    }

    public func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        ended()
    }
}
