import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Plain-HTTP/1.1 keep-alive connections, kept per event loop: a call made on a loop only ever
/// uses connections of that loop, so the request, every piece of the answer and whatever the
/// caller does with it stay on one thread with no hand-over in between. Each pool is touched
/// only on its own loop, so it needs no lock; only finding a loop's pool takes one.
final class LoopConnectionPool {
    struct Endpoint: Hashable {
        let host: String
        let port: Int
    }

    /// Idle connections kept per endpoint; more are closed when they come back.
    static let idleLimit = 256

    private let loop: any EventLoop
    private var idle: [Endpoint: [LoopConnection]] = [:]

    private init(loop: any EventLoop) { self.loop = loop }

    private struct Registry: @unchecked Sendable {  // each pool is only used on its own loop
        var pools: [ObjectIdentifier: LoopConnectionPool] = [:]
    }
    private static let registry = Mutex(Registry())

    /// The pool of the loop the caller runs on.
    static func current(on loop: any EventLoop) -> LoopConnectionPool {
        loop.preconditionInEventLoop()
        return registry.withLock { r in
            if let pool = r.pools[ObjectIdentifier(loop)] { return pool }
            let pool = LoopConnectionPool(loop: loop)
            r.pools[ObjectIdentifier(loop)] = pool
            return pool
        }
    }

    /// The most recently parked idle connection to `endpoint`, if any.
    func reuse(_ endpoint: Endpoint) -> LoopConnection? {
        while let connection = idle[endpoint]?.popLast() {
            if connection.isOpen { return connection }
        }
        return nil
    }

    /// Opens a new connection to `endpoint` on this pool's loop; `then` is called on the loop.
    func connect(_ endpoint: Endpoint, timeout: TimeAmount, then: @escaping (Result<LoopConnection, any Error>) -> Void) {
        ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: endpoint.host, port: endpoint.port)
            .assumeIsolated()
            .whenComplete { result in
                then(result.flatMap { channel in
                    do {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        let connection = LoopConnection(channel: channel, endpoint: endpoint, pool: self)
                        try channel.pipeline.syncOperations.addHandler(connection)
                        return .success(connection)
                    } catch {
                        channel.close(promise: nil)
                        return .failure(error)
                    }
                })
            }
    }

    /// Keeps a connection whose exchange ended cleanly for the next call to its endpoint.
    func park(_ connection: LoopConnection) {
        loop.preconditionInEventLoop()
        guard connection.isOpen, (idle[connection.endpoint]?.count ?? 0) < Self.idleLimit else {
            connection.close()
            return
        }
        idle[connection.endpoint, default: []].append(connection)
    }

    /// Forgets a connection that closed while idle.
    func drop(_ connection: LoopConnection) {
        idle[connection.endpoint]?.removeAll { $0 === connection }
    }
}

/// What one exchange on a `LoopConnection` receives.
protocol LoopExchangeReceiver: AnyObject {
    func received(_ part: HTTPClientResponsePart)
    /// The connection failed or closed before the exchange's response ended.
    func connectionLost(_ error: any Error)
}

/// One pooled connection: the last handler of its pipeline, passing response parts to the
/// exchange that uses it. A connection that closes while idle leaves its pool.
final class LoopConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    let channel: any Channel
    let endpoint: LoopConnectionPool.Endpoint
    private unowned let pool: LoopConnectionPool
    /// The exchange using the connection; nil while it is idle.
    weak var receiver: (any LoopExchangeReceiver)?
    private(set) var isOpen = true

    init(channel: any Channel, endpoint: LoopConnectionPool.Endpoint, pool: LoopConnectionPool) {
        self.channel = channel
        self.endpoint = endpoint
        self.pool = pool
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let receiver else { return close() }  // nothing is owed on an idle connection
        receiver.received(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lost(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lost(ChannelError.eof)
        context.fireChannelInactive()
    }

    private func lost(_ error: any Error) {
        guard isOpen else { return }
        isOpen = false
        if let receiver {
            self.receiver = nil
            receiver.connectionLost(error)
        } else {
            pool.drop(self)
        }
    }

    func send(_ head: HTTPRequestHead, body: ByteBuffer) {
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if body.readableBytes > 0 { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    /// Hands the connection back to its pool (the exchange ended and the connection stays open).
    func release() {
        receiver = nil
        pool.park(self)
    }

    func close() {
        receiver = nil
        if isOpen { channel.close(promise: nil) }
    }
}
