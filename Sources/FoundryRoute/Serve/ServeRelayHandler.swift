import Foundation
import FoundryCore
import FoundryOpenAIWire
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import FoundryRouting

/// Sits in each connection's pipeline in front of Hummingbird's request handling and answers
/// streamed chat completions itself, on the connection's event loop (`ServeRelay`). Every other
/// request goes on to Hummingbird untouched; a streamed request the relay cannot or should not
/// answer goes on with its decision handed over (`ServeHandovers`). Responses stay in request
/// order: the relay only takes a request when no other response is outstanding, and requests
/// that arrive while it answers wait until it is done.
final class ServeRelayHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let path = "/v1/chat/completions"
    static let bodyLimit = RequestBodyLimit.bytes

    private enum Phase {
        case idle
        /// A chat request's body is being read.
        case collecting(HTTPRequest, ByteBuffer)
        /// A request is passing through to Hummingbird part by part.
        case forwarding
        /// The relay is answering.
        case relaying(ServeRelay)
    }

    private let server: RouteServer
    private var phase = Phase.idle
    /// Responses Hummingbird still owes (requests passed on whose response has not ended).
    private var outstanding = 0
    /// Parts that arrived while the relay answered.
    private var backlog: [HTTPRequestPart] = []
    private var heldQuiesce = false
    private var context: ChannelHandlerContext?

    init(server: RouteServer) { self.server = server }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        read(unwrapInboundIn(data), context: context)
    }

    private func read(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (phase, part) {
        case (.relaying, _):
            backlog.append(part)
        case (.idle, .head(let head)):
            if outstanding == 0, takes(head) {
                phase = .collecting(head, context.channel.allocator.buffer(capacity: 1024))
            } else {
                phase = .forwarding
                pass(.head(Self.stripped(head)), context: context)
            }
        case (.collecting(let head, var body), .body(let chunk)):
            guard body.readableBytes + chunk.readableBytes <= Self.bodyLimit else {
                // Too large for the relay: Hummingbird reads it (and refuses it).
                phase = .forwarding
                pass(.head(Self.stripped(head)), context: context)
                pass(.body(body), context: context)
                pass(.body(chunk), context: context)
                return
            }
            phase = .idle  // drop the buffer's second reference before appending
            body.writeImmutableBuffer(chunk)
            phase = .collecting(head, body)
        case (.collecting(let head, let body), .end):
            phase = .idle
            answer(head, body: body, context: context)
        case (.forwarding, .end):
            phase = .idle
            pass(part, context: context)
        default:
            pass(part, context: context)
        }
    }

    /// A streamed chat completion may be for the relay; it decides once the body is read.
    private func takes(_ head: HTTPRequest) -> Bool {
        head.method == .post && head.path == Self.path && head.headerFields[.expect] == nil
            && head.headerFields[.connection]?.lowercased() != "close"
    }

    private static func stripped(_ head: HTTPRequest) -> HTTPRequest {
        var head = head
        head.headerFields[ServeHandovers.header] = nil
        return head
    }

    private func pass(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if case .head = part { outstanding += 1 }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// Passes a whole request on, marked with a handover when the relay has decided it already.
    func handOn(_ head: HTTPRequest, body: ByteBuffer, handover: ServeHandovers.Handover?) {
        guard let context else { return }
        var head = Self.stripped(head)
        if let handover { head.headerFields[ServeHandovers.header] = server.handovers.put(handover) }
        pass(.head(head), context: context)
        if body.readableBytes > 0 { pass(.body(body), context: context) }
        pass(.end(nil), context: context)
        // Hummingbird's side delivers what it has read on read-complete, which a request passed
        // on later than its socket read does not otherwise get.
        context.fireChannelReadComplete()
    }

    private func answer(_ head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        let relay = ServeRelay(server: server, handler: self, context: context, head: head, body: body)
        phase = .relaying(relay)
        relay.start()
    }

    /// The relay is done with its request (answered it, or handed it on).
    func relayDone() {
        guard case .relaying = phase, let context else { return }
        phase = .idle
        if heldQuiesce, backlog.isEmpty {
            heldQuiesce = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        guard !backlog.isEmpty else { return }
        while !backlog.isEmpty {
            if case .relaying = phase { break }
            read(backlog.removeFirst(), context: context)
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { outstanding -= 1 }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, case .relaying = phase {
            heldQuiesce = true  // passed on once the answer in flight has ended
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .relaying(let relay) = phase { relay.clientGone() }
        context.fireChannelInactive()
    }
}
