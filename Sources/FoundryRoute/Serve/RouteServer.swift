import Foundation
import FoundryCore
import FoundryOpenAIWire
import FoundryProviders
import HTTPTypes
import Hummingbird
import NIOCore
import FoundryRouting

/// The HTTP routes of `route serve`.
struct RouteServer: Sendable {
    let session: RouteSession
    let defaults: RouteConstraints
    let hedgeAfter: Duration?
    let state: ServeState
    let routing: ServeRoutingState
    let logs: ServeLogWriter
    let handovers = ServeHandovers()

    func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        router.add(middleware: OpenAIErrorMiddleware())
        router.post("/v1/chat/completions") { request, _ in await self.chat(request) }
        router.get("/v1/models") { _, _ in self.models() }
        router.get("/v1/decisions/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let d = self.state.decision(id) else {
                return Self.json(OpenAIErrorBody.json("no decision '\(id)' on this server", type: "invalid_request_error", code: "not_found"), status: .notFound)
            }
            return Self.json(JSONCoding.string(d, pretty: true), status: .ok)
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: self.state.metrics())))
        }
        return router
    }

    func models() -> Response {
        let registry = session.registry
        let today = Timestamp.day(Date())
        let ids = ["auto"] + registry.catalog.entries.filter { !$0.isRetired(on: today) && registry.availability(of: $0) == .ready }.map(\.id)
        let data: [JSONValue] = ids.map { .object(["id": .string($0), "object": .string("model"), "owned_by": .string("foundry")]) }
        return Self.json(JSONValue.object(["object": .string("list"), "data": .array(data)]).jsonString, status: .ok)
    }

    /// Parses a chat request and decides; errors are the client's (HTTP 400 or 422).
    func decide(fields: HTTPFields, body: Data) throws -> (ServeRequest, Decision) {
        var headers: [String: String] = [:]
        // Only the constraint headers matter here (canonical names are lowercase already).
        for field in fields where field.name.canonicalName.hasPrefix("x-foundry-") { headers[field.name.canonicalName] = field.value }
        var parsed = try ServeRequest.parse(body)
        parsed.chat.relayHops = try Self.relayHops(fields)
        let constraints = try ServeConstraints.build(headers: headers, body: parsed.foundry, defaults: defaults, maxTokens: parsed.chat.maxTokens)
        let catalog = session.registry.catalog
        if !constraints.providers.isEmpty { try catalog.checkProviders(constraints.providers, flag: "provider") }
        if !constraints.exclude.isEmpty { try catalog.checkProvidersOrModels(constraints.exclude, flag: "exclude") }
        if let region = constraints.region { try catalog.checkRegion(region, flag: "region") }
        let decision = try session.decide(text: parsed.promptText, constraints: constraints, forced: parsed.model == "auto" ? nil : parsed.model,
                                          snapshot: routing.snapshot())
        return (parsed, decision)
    }

    /// The hops a request relayed upstream carries: those it arrived with, then this instance.
    /// Arriving with this instance's own mark means the request has gone round a loop.
    static func relayHops(_ fields: HTTPFields) throws -> [String] {
        let arrived = RelayHops.parse(fields[HTTPField.Name(RelayHops.header)!])
        if arrived.contains(RelayHops.instance) { throw RoutingLoop(hops: arrived) }
        return arrived + [RelayHops.instance]
    }

    func chat(_ request: Request) async -> Response {
        // A request the event-loop relay has decided (and perhaps tried) already.
        let handover = request.headers[ServeHandovers.header].flatMap { handovers.take($0) }
        if handover?.counted != true { state.started() }
        let parsed: ServeRequest
        var decision: Decision
        do {
            let buffer = try await request.body.collect(upTo: 16 << 20)
            if let handover {
                var handed = try ServeRequest.parse(Data(buffer.readableBytesView))
                handed.chat.relayHops = try Self.relayHops(request.headers)
                parsed = handed
                decision = handover.decision
            } else {
                (parsed, decision) = try decide(fields: request.headers, body: Data(buffer.readableBytesView))
            }
        } catch {
            state.finished(model: "none", status: .badRequest, decisionMicroseconds: nil, ttftMs: nil)
            return Self.failure(error)
        }
        state.remember(decision)
        guard decision.chosen != nil else {
            logs.append(decision)
            state.finished(model: "none", status: .unsatisfiable, decisionMicroseconds: decision.decisionMicroseconds, ttftMs: nil)
            let reasons = decision.rejected.prefix(20).map { "\($0.id): \($0.constraint): \($0.reason)" }.joined(separator: "; ")
            return Self.json(OpenAIErrorBody.json("no model satisfies the constraints: \(reasons)", type: "invalid_request_error",
                                                  code: "no_model_satisfies_constraints"),
                             status: .unprocessableContent, extra: [HTTPField.Name("x-foundry-decision-id")!: decision.id])
        }
        var chat = parsed.chat
        chat.maxTokens = decision.constraints.maxTokens
        return parsed.stream ? await stream(chat, parsed: parsed, decision: decision, after: handover?.prior)
            : await complete(chat, decision: decision)
    }

    func executor() -> Executor {
        var e = Executor(registry: session.registry, hedgeAfter: hedgeAfter, cooldowns: Cooldowns(paths: session.context.paths))
        let routing = self.routing
        e.latencySink = { routing.record(model: $0, ttftMs: $1, totalMs: $2) }
        e.cooldownSnapshot = routing.snapshot().cooldowns
        return e
    }

    private func complete(_ chat: ChatRequest, decision: Decision) async -> Response {
        var d = decision
        do {
            let outcome = try await executor().run(chat, decision: &d) { _ in }
            state.remember(d)
            let (record, usage, _) = try session.usageRecord(outcome, decision: d, source: "route-serve")
            logs.append(d, usage: record)
            state.finished(model: outcome.model, status: .ok, decisionMicroseconds: d.decisionMicroseconds, ttftMs: outcome.ttftMs)
            let completion = outcome.completion
            let body = CompletionDocument.chat(id: "chatcmpl-" + d.id, model: outcome.model, created: Int(Date().timeIntervalSince1970),
                                               text: completion.text, toolCalls: completion.toolCalls,
                                               finishReason: completion.finishReason?.description ?? "stop", usage: usage)
            return Self.json(body, status: .ok, extra: Self.foundryHeaders(d, model: outcome.model))
        } catch {
            state.remember(d)
            logs.append(d)
            state.finished(model: decision.chosen ?? "none", status: .failed, decisionMicroseconds: d.decisionMicroseconds, ttftMs: nil)
            return Self.failure(error, extra: [HTTPField.Name("x-foundry-decision-id")!: d.id])
        }
    }

    static func foundryHeaders(_ d: Decision, model: String) -> [HTTPField.Name: String] {
        let chosen = d.candidates.first { $0.id == model }
        let reason = chosen.map { String(format: "prefer=%@; quality=%.3f (%@); predicted cost $%.6f; %d candidates, %d rejected",
                                         d.constraints.prefer.rawValue, $0.quality, $0.qualitySource, $0.costUSD, d.candidates.count, d.rejected.count) }
            ?? "forced"
        return [HTTPField.Name("x-foundry-model")!: model, HTTPField.Name("x-foundry-decision-id")!: d.id,
                HTTPField.Name("x-foundry-reason")!: HeaderText.safe(reason)]
    }

    static func json(_ text: String, status: HTTPResponse.Status, extra: [HTTPField.Name: String] = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Maps foundry's errors to OpenAI-style error responses.
    static func failure(_ error: any Error, extra: [HTTPField.Name: String] = [:]) -> Response {
        if let loop = error as? RoutingLoop {
            return json(OpenAIErrorBody.json(loop.description, type: "invalid_request_error", code: "loop_detected"), status: .init(code: 508, reasonPhrase: "Loop Detected"), extra: extra)
        }
        if let (status, body) = OpenAIErrorBody.clientError(error) { return json(body, status: status, extra: extra) }
        if let e = error as? FoundryError {
            switch e.exitCode {
            case ExitStatus.unsatisfiable: return json(OpenAIErrorBody.json(e.message, type: "invalid_request_error", code: "no_model_satisfies_constraints"), status: .unprocessableContent, extra: extra)
            case ExitStatus.provider: return json(OpenAIErrorBody.json(e.message + (e.hint.map { "; \($0)" } ?? ""), type: "server_error", code: "upstream_failed"), status: .badGateway, extra: extra)
            default: return json(OpenAIErrorBody.json(e.message, type: "server_error", code: "failed"), status: .internalServerError, extra: extra)
            }
        }
        if let p = error as? ProviderError {
            return json(OpenAIErrorBody.json(p.description, type: "server_error", code: p.code), status: .badGateway, extra: extra)
        }
        return json(OpenAIErrorBody.json("\(error)", type: "server_error", code: "failed"), status: .internalServerError, extra: extra)
    }
}

/// A request that came back to the `route serve` instance that relayed it.
struct RoutingLoop: Error, CustomStringConvertible {
    let hops: [String]
    var description: String {
        "routing loop: this request was already relayed by this route serve instance (hops: \(RelayHops.value(hops))); "
            + "a provider's base URL points back at this server: give that provider another URL"
    }
}
