import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The connections of one benchmark run: an idle connection is reused, otherwise a new one is
/// opened (bench's concurrency limit bounds how many). Its own event loops, one per core, so the
/// instants it stamps do not wait for Swift's cooperative pool.
final class ConnectionPool: Sendable {
    let endpoint: EndpointURL
    private let group: MultiThreadedEventLoopGroup
    private let tls: NIOSSLContext?
    private let idle = Mutex<[BenchConnection]>([])
    private let all = Mutex<[ObjectIdentifier: BenchConnection]>([:])
    private let closed = Atomic<Bool>(false)
    let connectTimeout: TimeAmount
    let silence: TimeAmount

    init(endpoint: EndpointURL, threads: Int, connectTimeout: TimeAmount = .seconds(10), silence: TimeAmount = .seconds(120)) throws {
        self.endpoint = endpoint
        self.connectTimeout = connectTimeout
        self.silence = silence
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        if endpoint.secure {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["http/1.1"]
            tls = try NIOSSLContext(configuration: configuration)
        } else {
            tls = nil
        }
    }

    /// Sends one request on an idle or new connection.
    func send(head: HTTPRequestHead, body: ByteBuffer) async throws -> RawResponse {
        let connection = try await acquire()
        do {
            let response = try await connection.send(head: head, body: body)
            release(connection, reusable: response.keepAlive)
            return response
        } catch {
            release(connection, reusable: false)
            throw error
        }
    }

    private func acquire() async throws -> BenchConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if connection.isActive { return connection }
            forget(connection)
        }
        guard !closed.load(ordering: .relaxed) else { throw CancellationError() }
        let connection = try await BenchConnection.connect(
            to: endpoint, group: group, tls: tls, connectTimeout: connectTimeout, silence: silence)
        all.withLock { $0[ObjectIdentifier(connection)] = connection }
        if closed.load(ordering: .relaxed) { connection.close() }
        return connection
    }

    private func release(_ connection: BenchConnection, reusable: Bool) {
        if reusable, connection.isActive, !closed.load(ordering: .relaxed) {
            idle.withLock { $0.append(connection) }
        } else {
            connection.close()
            forget(connection)
        }
    }

    private func forget(_ connection: BenchConnection) {
        _ = all.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// Closes every connection (requests in flight fail) and stops the event loops.
    func shutdown() async {
        abort()
        idle.withLock { $0.removeAll() }
        try? await group.shutdownGracefully()
    }

    /// Closes every connection so requests in flight end now (early stop).
    func abort() {
        closed.store(true, ordering: .relaxed)
        for connection in all.withLock({ Array($0.values) }) { connection.close() }
    }
}
