import Foundation
import FoundryCore
import FoundryProviders
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import FoundryRouting

/// One streamed chat completion answered on the client connection's event loop: decide, call
/// the first model of the chain over HTTP on the same loop (`EventLoopChatCall`), and write each
/// token to the client as it is decoded, with no task or thread in between. The response head
/// leaves with the first token, so the headers name the model that answers.
///
/// What the relay does not do itself it hands on, decided, to the task-based path
/// (`RouteServer.chat`): non-streamed requests, hedged chains, plugin providers, and a first
/// model that fails before its first token (the executor then retries it or falls back, with
/// that failure recorded as the first attempt). After the first token a failure ends the stream
/// with an error event, as on the task-based path.
final class ServeRelay {
    private let server: RouteServer
    private let handler: ServeRelayHandler
    private let context: ChannelHandlerContext
    private let head: HTTPRequest
    private let body: ByteBuffer
    private var parsed: ServeRequest?
    private var decision: Decision?
    private var model = ""
    /// The deployment called, for a model with several (its slot in the server's balancer).
    private var lease: DeploymentLease?
    private var call: EventLoopChatCall?
    private var completion = ChatCompletion()
    private var ttft: Double?
    private let clock = Stopwatch()
    /// When the upstream call started (ms on `clock`): the time spent deciding.
    private var called = 0.0
    /// The response's identity and head, made while the upstream works on its first token.
    private var prepared: (stream: StreamIdentity, head: HTTPResponse)?
    /// Set once the response has started (the first token, or an empty answer's end).
    private var stream: StreamIdentity?
    private var over = false

    init(server: RouteServer, handler: ServeRelayHandler, context: ChannelHandlerContext, head: HTTPRequest, body: ByteBuffer) {
        self.server = server
        self.handler = handler
        self.context = context
        self.head = head
        self.body = body
    }

    func start() {
        guard let (parsed, decision) = try? server.decide(fields: head.headerFields, body: Data(body.readableBytesView)) else {
            return handOn(nil)  // the task-based path answers with the same error
        }
        self.parsed = parsed
        self.decision = decision
        let registry = server.session.registry
        guard parsed.stream, let model = decision.chosen, !(server.hedgeAfter != nil && decision.chain.count > 1),
              var entry = try? registry.catalog.entry(named: model)
        else { return handOn(ServeHandovers.Handover(decision: decision, prior: nil, counted: false)) }
        let deployments = registry.deployments(of: entry)
        if deployments.count > 1 {
            lease = server.balancer.pick(model: model, among: deployments.map(\.name))
            if let lease, let deployment = deployments.first(where: { $0.name == lease.deployment }) { entry = registry.entry(entry, at: deployment) }
        }
        guard let provider = try? registry.provider(for: entry) as? any WireChatProvider else {
            lease?.finish(failed: nil)
            return handOn(ServeHandovers.Handover(decision: decision, prior: nil, counted: false))
        }
        self.model = model
        server.state.started()
        var chat = parsed.chat
        chat.maxTokens = decision.constraints.maxTokens
        called = clock.milliseconds
        call = EventLoopChatCall.start(provider.wireCall(chat, model: entry), on: context.eventLoop) { [self] update in
            self.update(update)
        }
        guard !over else { return }  // the call failed at once and the request was handed on
        var headers = server.streamHeaders(decision, model: model, deployment: lease?.deployment)
        headers[.server] = "foundry"
        prepared = (StreamIdentity(decision: decision, model: model), HTTPResponse(status: .ok, headerFields: headers))
        server.state.remember(decision)
    }

    private func update(_ update: EventLoopChatCall.Update) {
        guard !over, var decision, let parsed else { return }
        switch update {
        case .events(let events):
            var out = ""
            for event in events {
                completion.absorb(event)
                guard case .text(let text) = event else { continue }
                if let stream {
                    out += stream.chunk(text)
                } else {
                    ttft = clock.milliseconds
                    lease?.firstToken()
                    out += commit().opening(first: text)
                }
            }
            if !out.isEmpty { context.writeAndFlush(NIOAny(HTTPResponsePart.body(ByteBuffer(string: out))), promise: nil) }
        case .finished:
            let opening = stream == nil ? commit().opening(first: nil) : ""
            lease?.finish(failed: false)
            let outcome = server.executor().succeeded(model: model, deployment: lease?.deployment, completion: completion, ttftMs: ttft,
                                                      totalMs: clock.milliseconds)
            decision.attempts = [Attempt(outcome)]
            end(opening + server.closeStream(decision, stream!, outcome: outcome, failure: nil, includeUsage: parsed.includeUsage))
        case .failed(let error):
            guard let stream else {
                // A deployment's failure cools that deployment (at once: the next pick avoids it).
                lease?.finish(failed: !error.isCancellation)
                return handOn(ServeHandovers.Handover(decision: decision, prior: PriorFailure(model: model, error: error, deployment: lease?.deployment),
                                                      counted: true))
            }
            lease?.finish(failed: nil)
            let cut = ModelAttempt.afterFirstToken(error, model: model)
            decision.attempts = [Attempt(model, deployment: lease?.deployment, failed: cut)]
            end(server.closeStream(decision, stream, outcome: nil, failure: Executor.cutAfterFirstToken(cut, model: model),
                                   includeUsage: parsed.includeUsage))
        }
    }

    /// Starts the response: its head names the model that answers.
    private func commit() -> StreamIdentity {
        let identity = prepared!.stream
        var head = prepared!.head
        stream = identity
        // Deciding, plus the time from the first token's arrival (or the end) to this write.
        head.headerFields[ServeOverhead.header] = ServeOverhead.value(called + clock.milliseconds - (ttft ?? clock.milliseconds))
        context.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
        return identity
    }

    private func end(_ text: String) {
        context.write(NIOAny(HTTPResponsePart.body(ByteBuffer(string: text))), promise: nil)
        context.writeAndFlush(NIOAny(HTTPResponsePart.end(nil)), promise: nil)
        done()
    }

    private func handOn(_ handover: ServeHandovers.Handover?) {
        handler.handOn(head, body: body, handover: handover)
        done()
    }

    /// The client closed the connection: stop the upstream call and record the answer as cut.
    func clientGone() {
        guard !over else { return }
        call?.cancel()
        lease?.finish(failed: nil)
        if var decision, let parsed {
            decision.attempts = [Attempt(model, deployment: lease?.deployment, failed: .cancelled(provider: "route", model: model))]
            _ = server.closeStream(decision, stream ?? StreamIdentity(decision: decision, model: model), outcome: nil,
                                   failure: FoundryError.failure("the client went away"), includeUsage: parsed.includeUsage)
        }
        done()
    }

    private func done() {
        over = true
        call = nil
        handler.relayDone()
    }
}
