import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One keep-alive HTTP/1.1 connection that carries one benchmark request at a time.
final class BenchConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    var isActive: Bool { channel.isActive }

    static func connect(to endpoint: EndpointURL, group: any EventLoopGroup, tls: NIOSSLContext?,
                        connectTimeout: TimeAmount, silence: TimeAmount) async throws -> BenchConnection {
        let serverName = endpoint.host.contains(":") || endpoint.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : endpoint.host
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(BenchClientHandler(silence: silence))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        return BenchConnection(channel: channel)
    }

    /// Writes the request and waits for the whole response.
    func send(head: HTTPRequestHead, body: ByteBuffer) async throws -> RawResponse {
        let promise = channel.eventLoop.makePromise(of: RawResponse.self)
        // A write that never reaches the handler (the connection closed meanwhile) must still
        // end the request; completing an answered promise again does nothing.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        channel.writeAndFlush(PendingRequest(head: head, body: body, promise: promise), promise: written)
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }
}
