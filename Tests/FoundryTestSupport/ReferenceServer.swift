import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An OpenAI-compatible chat completions server on 127.0.0.1 whose timing is known exactly:
/// a streamed answer's first chunk is written `firstChunk` after the request arrived and every
/// further chunk `interval` after the previous one, each on a deadline computed from the arrival
/// (so lateness never accumulates); a whole answer comes `firstChunk` after the request. It runs
/// on event loop threads of its own, never on Swift's cooperative pool, and records how late it
/// actually wrote, so a test can tell its own jitter from the client's. Bench's accuracy is
/// measured against it (tests and Benchmarks/BenchLoad).
public final class ReferenceServer: Sendable {
    public struct Timing: Sendable {
        public var firstChunk: TimeAmount
        public var interval: TimeAmount
        public var chunks: Int
        /// Answer every request with this HTTP status and an error document instead.
        public var failWith: Int?

        public init(firstChunk: TimeAmount = .milliseconds(200), interval: TimeAmount = .milliseconds(20), chunks: Int = 50, failWith: Int? = nil) {
            self.firstChunk = firstChunk
            self.interval = interval
            self.chunks = chunks
            self.failWith = failWith
        }

        /// The true time to first token, inter-token gap and end-to-end time of a streamed answer, ms.
        public var ttftMs: Double { Double(firstChunk.nanoseconds) / 1e6 }
        public var itlMs: Double { Double(interval.nanoseconds) / 1e6 }
        public var e2elMs: Double { ttftMs + Double(chunks - 1) * itlMs }
    }

    public let timing: Timing
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    let counters: Counters

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// Requests received (complete request bodies).
    public var requestCount: Int { counters.requests.load(ordering: .relaxed) }
    /// Requests whose JSON body set `key` ("ignore_eos" or "stream") to true.
    public func requests(with key: String) -> Int { counters.flagged(key) }
    /// How late the server wrote its chunks (ms, over all writes): median and maximum.
    public var lateness: (median: Double, max: Double) { counters.lateness() }

    public static func start(_ timing: Timing = Timing(), threads: Int = 1) async throws -> ReferenceServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let counters = Counters()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ReferenceHandler(timing: timing, counters: counters))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ReferenceServer(timing: timing, port: channel.localAddress?.port ?? 0, group: group, channel: channel, counters: counters)
    }

    private init(timing: Timing, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, counters: Counters) {
        self.timing = timing
        self.port = port
        self.group = group
        self.channel = channel
        self.counters = counters
    }

    /// Runs `body` with a started server and always stops it (its event loop thread would keep
    /// a process alive).
    public static func with<T>(_ timing: Timing = Timing(), threads: Int = 1, _ body: (ReferenceServer) async throws -> T) async throws -> T {
        let server = try await start(timing, threads: threads)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    final class Counters: Sendable {
        let requests = Atomic<Int>(0)
        private let late = Mutex<[Double]>([])
        private let flags = Mutex<[String: Int]>([:])

        func received(flags set: [String]) {
            requests.add(1, ordering: .relaxed)
            if !set.isEmpty { flags.withLock { for key in set { $0[key, default: 0] += 1 } } }
        }

        func flagged(_ key: String) -> Int { flags.withLock { $0[key] ?? 0 } }

        func wrote(late ms: Double) { late.withLock { $0.append(ms) } }

        func lateness() -> (median: Double, max: Double) {
            let values = late.withLock { $0 }.sorted()
            guard !values.isEmpty else { return (0, 0) }
            return (values[values.count / 2], values.last!)
        }
    }
}

/// One connection of the reference server, on its event loop.
final class ReferenceHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let timing: ReferenceServer.Timing
    private let counters: ReferenceServer.Counters
    private var body = ByteBuffer()
    private var keepAlive = true
    /// When the request's head was read: the answer's schedule starts there.
    private var arrived: NIODeadline?

    init(timing: ReferenceServer.Timing, counters: ReferenceServer.Counters) {
        self.timing = timing
        self.counters = counters
    }

    static let chunk = ByteBuffer(string: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" tok\"},\"finish_reason\":null}]}\n\n")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            arrived = .now()
            keepAlive = head.isKeepAlive
            body.clear()
        case .body(var bytes):
            body.writeBuffer(&bytes)
        case .end:
            let arrived = self.arrived ?? .now()
            self.arrived = nil
            // A request costs a byte search and one timer: the next chunk of a stream is scheduled
            // when the previous one is written, so a burst of requests is read at once.
            let flags = Self.flags(in: body)
            counters.received(flags: flags)
            if let status = timing.failWith {
                respondJSON(context, status: .init(statusCode: status), text: #"{"error":{"message":"refused by the reference server","code":\#(status)}}"#)
            } else if flags.contains("stream") {
                var head = HTTPResponseHead(version: .http1_1, status: .ok)
                head.headers.add(name: "content-type", value: "text/event-stream")
                head.headers.add(name: "cache-control", value: "no-cache")
                context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
                chunk(context, first: arrived + timing.firstChunk, k: 0)
            } else {
                let deadline = arrived + timing.firstChunk
                let content = String(repeating: " tok", count: timing.chunks)
                _ = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
                    counters.wrote(late: Double((NIODeadline.now() - deadline).nanoseconds) / 1e6)
                    respondJSON(context, status: .ok, text: #"{"id":"ref","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"\#(content)"},"finish_reason":"length"}],"usage":{"prompt_tokens":8,"completion_tokens":\#(timing.chunks),"total_tokens":\#(8 + timing.chunks)}}"#)
                }
            }
        }
    }

    /// Top-level `"key":true` flags of a request body, found without parsing the whole body.
    static func flags(in body: ByteBuffer) -> [String] {
        ["ignore_eos", "stream"].filter { key in
            body.readableBytesView.firstRange(of: Array("\"\(key)\":true".utf8)) != nil
                || body.readableBytesView.firstRange(of: Array("\"\(key)\": true".utf8)) != nil
        }
    }

    private func respondJSON(_ context: ChannelHandlerContext, status: HTTPResponseStatus, text: String) {
        var head = HTTPResponseHead(version: .http1_1, status: status)
        head.headers.add(name: "content-type", value: "application/json")
        head.headers.add(name: "content-length", value: String(text.utf8.count))
        if !keepAlive { head.headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        let keep = keepAlive
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keep { context.close(promise: nil) }
        }
    }

    /// Writes chunk `k` of a stream at its deadline, then schedules the next one.
    private func chunk(_ context: ChannelHandlerContext, first: NIODeadline, k: Int) {
        let deadline = first + .nanoseconds(timing.interval.nanoseconds * Int64(k))
        _ = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            counters.wrote(late: Double((NIODeadline.now() - deadline).nanoseconds) / 1e6)
            guard context.channel.isActive else { return }
            if k < timing.chunks - 1 {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(Self.chunk))), promise: nil)
                chunk(context, first: first, k: k + 1)
                return
            }
            context.write(wrapOutboundOut(.body(.byteBuffer(Self.chunk))), promise: nil)
            let tail = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":\(timing.chunks),\"total_tokens\":\(8 + timing.chunks)}}\n\ndata: [DONE]\n\n"
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: tail)))), promise: nil)
            let keep = keepAlive
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                if !keep { context.close(promise: nil) }
            }
        }
    }
}
