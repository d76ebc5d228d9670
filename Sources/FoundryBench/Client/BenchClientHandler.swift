import NIOCore
import NIOHTTP1

/// A request handed to a connection: the encoded head and body, and where the answer goes.
struct PendingRequest: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer
    let promise: EventLoopPromise<RawResponse>
}

/// Why a connection could not deliver a response.
enum ConnectionFailure: Error, Sendable {
    /// The connection closed; `afterHead` tells whether the response had started.
    case closed(afterHead: Bool)
    case silent(TimeAmount)
    case busy
}

/// The last handler of a benchmark connection, confined to its event loop. It stamps the send
/// instant right before the request is written and the arrival instant of every piece of the
/// response as the decoder hands it over, and does nothing else there: parsing happens later,
/// off the event loop, so a busy client does not delay the stamps of other connections.
final class BenchClientHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private let silence: TimeAmount
    private var promise: EventLoopPromise<RawResponse>?
    private var response: RawResponse?
    private var parts: [RawResponse.Part] = []
    /// Last time bytes came (the instant already stamped on them); the silence timer is armed
    /// once per request and re-armed only when it fires early, so a read costs one clock read
    /// and an append, nothing more.
    private var lastActivity = ContinuousClock.now
    private var timer: Scheduled<Void>?

    init(silence: TimeAmount) { self.silence = silence }

    func write(context: ChannelHandlerContext, data: NIOAny, promise writePromise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard promise == nil else {
            request.promise.fail(ConnectionFailure.busy)
            return
        }
        promise = request.promise
        parts.removeAll(keepingCapacity: true)
        arm(context, after: silence)
        let now = ContinuousClock.now
        lastActivity = now
        response = RawResponse(sent: now, finished: now)
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: writePromise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = ContinuousClock.now
        guard response != nil else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            response!.status = Int(head.status.code)
            response!.headers = head.headers
            response!.keepAlive = head.isKeepAlive
        case .body(let bytes):
            parts.append(RawResponse.Part(arrived: now, bytes: bytes))
        case .end:
            var done = response!
            done.finished = now
            done.parts = parts
            parts = []
            finish(.success(done))
            if !done.keepAlive { context.close(promise: nil) }
            return
        }
        lastActivity = now
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ConnectionFailure.closed(afterHead: (response?.status ?? 0) != 0)))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            guard let self, self.promise != nil else { return }
            let quiet = TimeAmount(ContinuousClock.now - self.lastActivity)
            if quiet < self.silence {
                self.arm(context, after: self.silence - quiet)
                return
            }
            self.finish(.failure(ConnectionFailure.silent(self.silence)))
            channel.close(promise: nil)
        }
    }

    private func finish(_ result: Result<RawResponse, any Error>) {
        timer?.cancel()
        timer = nil
        guard let promise else { return }
        self.promise = nil
        response = nil
        promise.completeWith(result)
    }
}
