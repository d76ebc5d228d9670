import Foundation
import FoundryCore
import FoundryCatalog
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
    let gate: ServeGate
    let limits: ServeLimits
    var admin: ServeAdmin? = nil
    /// What this instance shares with the others on the store (nothing without PostgreSQL).
    var fleet: ServeFleet? = nil
    let handovers = ServeHandovers()
    /// This server's deployments: requests in flight, latency and cooldowns, shared by the
    /// event-loop relay and the task path.
    let balancer = DeploymentBalancer()

    func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        router.add(middleware: ServeOverheadMiddleware())
        router.add(middleware: OpenAIErrorMiddleware())
        router.post("/v1/chat/completions") { request, _ in await self.chat(request) }
        router.get("/v1/models") { request, _ in
            do { return self.models(for: try self.gate.admit(request.headers)) } catch { return self.refuse(error) }
        }
        router.get("/v1/decisions/:id") { request, context in
            let caller: ServeCaller?
            do { caller = try self.gate.admit(request.headers) } catch { return self.refuse(error) }
            let id = context.parameters.get("id") ?? ""
            // Any instance's decision (from the store when not in this one's memory); a key sees
            // the decisions made for it, not other keys'.
            var found = self.state.decision(id)
            if found == nil { found = await self.fleet?.decision(id) }
            guard let d = found, caller == nil || d.caller?.key == caller?.key.name else {
                return Self.json(OpenAIErrorBody.json("no decision '\(id)' on this server", type: "invalid_request_error", code: "not_found"), status: .notFound)
            }
            return Self.json(JSONCoding.string(d, pretty: true), status: .ok)
        }
        admin?.add(to: router)
        router.get("/healthz") { _, _ in Self.json(#"{"status":"ok"}"#, status: .ok) }
        router.get("/readyz") { _, _ in
            if let problem = self.gate.storeProblem() {
                return Self.json(OpenAIErrorBody.json("not ready: \(problem)", type: "server_error", code: "store_unavailable"), status: .serviceUnavailable)
            }
            return Self.json(#"{"status":"ready","models":\#(self.session.registry.catalog.entries.count)}"#, status: .ok)
        }
        router.get("/metrics") { _, _ in
            let text = self.state.metrics.text(storeUp: self.gate.storeProblem() == nil, onFailure: self.gate.onStoreFailure)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    func models(for caller: ServeCaller?) -> Response {
        let registry = session.registry
        let today = Timestamp.day(Date())
        let ids = ["auto"] + registry.catalog.entries.filter {
            !$0.isRetired(on: today) && registry.availability(of: $0) == .ready && caller?.key.allows(model: $0.id) != false
        }.map(\.id)
        let data: [JSONValue] = ids.map { .object(["id": .string($0), "object": .string("model"), "owned_by": .string("foundry")]) }
        return Self.json(JSONValue.object(["object": .string("list"), "data": .array(data)]).jsonString, status: .ok)
    }

    /// Parses a chat request and decides; errors are the client's (HTTP 400 or 422).
    func decide(fields: HTTPFields, body: Data, final: Bool = false, local: Bool = false) throws -> (ServeRequest, Decision) {
        let caller = try gate.admit(fields)
        var headers: [String: String] = [:]
        // Only the constraint headers matter here (canonical names are lowercase already).
        for field in fields where field.name.canonicalName.hasPrefix("x-foundry-") { headers[field.name.canonicalName] = field.value }
        var parsed = try ServeRequest.parse(body)
        parsed.chat.relayHops = try Self.relayHops(fields)
        parsed.chat.traceparent = TraceParent.valid(fields[HTTPField.Name(TraceParent.header)!])
        var constraints = try ServeConstraints.build(headers: headers, body: parsed.foundry, defaults: defaults, maxTokens: parsed.chat.maxTokens)
        let catalog = session.registry.catalog
        if let caller {
            if parsed.model != "auto" { try caller.check(model: (try? session.registry.entry(named: parsed.model).id) ?? parsed.model) }
            if !caller.key.models.isEmpty { constraints.allowedModels = caller.key.models }
        }
        if !constraints.providers.isEmpty { try catalog.checkProviders(constraints.providers, flag: "provider") }
        if !constraints.exclude.isEmpty { try catalog.checkProvidersOrModels(constraints.exclude, flag: "exclude") }
        if let region = constraints.region { try catalog.checkRegion(region, flag: "region") }
        var decision = try session.decide(text: parsed.promptText, constraints: constraints, forced: parsed.model == "auto" ? nil : parsed.model,
                                          snapshot: snapshot())
        decision.caller = caller?.decisionCaller
        decision.traceparent = parsed.chat.traceparent
        // Last: nothing after the reservation may fail, or it would never be settled.
        if let caller, decision.chosen != nil { try limits.admit(caller, decision: &decision, catalog: catalog, final: final, local: local) }
        return (parsed, decision)
    }

    /// What the router reads: latency statistics and cooldowns, where a model all of whose
    /// deployments are cooling down counts as cooling down.
    func snapshot() -> (latency: LatencyStats.Document, cooldowns: [String: Date]) {
        var snapshot = routing.snapshot()
        let deployments = session.registry.assembly.deployments
        guard !deployments.isEmpty else { return snapshot }
        let cooled = balancer.cooledModels(deployments.mapValues { $0.map(\.name) })
        snapshot.cooldowns.merge(cooled) { max($0, $1) }
        return snapshot
    }

    /// The hops a request relayed upstream carries: those it arrived with, then this instance.
    /// Arriving with this instance's own mark means the request has gone round a loop.
    static func relayHops(_ fields: HTTPFields) throws -> [String] {
        let arrived = RelayHops.parse(fields[HTTPField.Name(RelayHops.header)!])
        if arrived.contains(RelayHops.instance) { throw RoutingLoop(hops: arrived) }
        return arrived + [RelayHops.instance]
    }

    func chat(_ request: Request) async -> Response {
        let clock = Stopwatch()
        // A request the event-loop relay has decided (and perhaps tried) already.
        let handover = request.headers[ServeHandovers.header].flatMap { handovers.take($0) }
        if handover?.counted != true { state.started() }
        let parsed: ServeRequest
        var decision: Decision
        do {
            let buffer = try await RequestBodyLimit.collect(request)
            if let handover {
                var handed = try ServeRequest.parse(Data(buffer.readableBytesView))
                handed.chat.relayHops = try Self.relayHops(request.headers)
                handed.chat.traceparent = TraceParent.valid(request.headers[HTTPField.Name(TraceParent.header)!])
                parsed = handed
                decision = handover.decision
            } else {
                let body = Data(buffer.readableBytesView)
                do {
                    (parsed, decision) = try decide(fields: request.headers, body: body)
                } catch let need as NeedsBudgetShare {
                    // In open mode a store that cannot grant a share leaves the budget to this
                    // instance alone.
                    let local = try await limits.replenish(need, orLocally: gate.onStoreFailure == .open)
                    (parsed, decision) = try decide(fields: request.headers, body: body, final: true, local: local)
                }
            }
        } catch {
            state.finished(model: "none", status: .badRequest, decisionMicroseconds: nil, ttftMs: nil)
            return refuse(error)
        }
        state.remember(decision)
        guard decision.chosen != nil else {
            logs.append(decision)
            state.finished(model: "none", status: .unsatisfiable, caller: decision.caller, decisionMicroseconds: decision.decisionMicroseconds, ttftMs: nil)
            let reasons = decision.rejected.prefix(20).map { "\($0.id): \($0.constraint): \($0.reason)" }.joined(separator: "; ")
            return Self.json(OpenAIErrorBody.json("no model satisfies the constraints: \(reasons)", type: "invalid_request_error",
                                                  code: "no_model_satisfies_constraints"),
                             status: .unprocessableContent, extra: [HTTPField.Name("x-foundry-decision-id")!: decision.id])
        }
        var chat = parsed.chat
        chat.maxTokens = decision.constraints.maxTokens
        return parsed.stream ? await stream(chat, parsed: parsed, decision: decision, after: handover?.prior, clock: clock)
            : await complete(chat, decision: decision, clock: clock)
    }

    func executor() -> Executor {
        var e = Executor(registry: session.registry, hedgeAfter: hedgeAfter, cooldowns: Cooldowns(paths: session.context.paths))
        let routing = self.routing
        e.latencySink = { routing.record(model: $0, ttftMs: $1, totalMs: $2) }
        e.cooldownSnapshot = routing.snapshot().cooldowns
        e.balancer = balancer
        return e
    }

    private func complete(_ chat: ChatRequest, decision: Decision, clock: Stopwatch) async -> Response {
        var d = decision
        let upstream = Stopwatch()
        do {
            let outcome = try await executor().run(chat, decision: &d) { _ in }
            let upstreamMs = upstream.milliseconds
            state.remember(d)
            let (record, usage, cost) = try session.usageRecord(outcome, decision: d, source: "route-serve")
            var headers = responseHeaders(d, model: outcome.model, deployment: outcome.deployment)
            headers[ServeOverhead.header] = ServeOverhead.value(clock.milliseconds - upstreamMs)
            limits.finish(d.id, costUSD: cost, tokens: usage.inputTokens + usage.outputTokens)
            state.metrics.spent(d.caller, usd: cost)
            logs.append(d, usage: record)
            state.finished(model: outcome.model, status: .ok, caller: d.caller, decisionMicroseconds: d.decisionMicroseconds, ttftMs: outcome.ttftMs)
            let completion = outcome.completion
            let body = CompletionDocument.chat(id: "chatcmpl-" + d.id, model: outcome.model, created: Int(Date().timeIntervalSince1970),
                                               text: completion.text, toolCalls: completion.toolCalls,
                                               finishReason: completion.finishReason?.description ?? "stop", usage: usage)
            return Self.json(body, status: .ok, extra: headers)
        } catch {
            limits.finish(d.id, costUSD: 0, tokens: 0)
            state.remember(d)
            logs.append(d)
            state.finished(model: decision.chosen ?? "none", status: .failed, caller: d.caller, decisionMicroseconds: d.decisionMicroseconds, ttftMs: nil)
            return Self.failure(error, extra: [HTTPField.Name("x-foundry-decision-id")!: d.id,
                                               ServeOverhead.header: ServeOverhead.value(clock.milliseconds - upstream.milliseconds)])
        }
    }

    /// The foundry headers of a response and the caller's rate-limit and budget headers.
    func responseHeaders(_ d: Decision, model: String, deployment: String? = nil) -> [HTTPField.Name: String] {
        var headers = Self.foundryHeaders(d, model: model, deployment: deployment).merging(limits.headers(d.id)) { a, _ in a }
        if gate.onStoreFailure == .open, gate.storeProblem() != nil {
            headers[ServeGate.storeHeader] = "unreachable; served from this instance's state alone (--on-store-failure open)"
        }
        return headers
    }

    /// `x-foundry-model`, `x-foundry-decision-id`, `x-foundry-reason`, and `x-foundry-deployment`
    /// for a model with several deployments.
    static func foundryHeaders(_ d: Decision, model: String, deployment: String? = nil) -> [HTTPField.Name: String] {
        let chosen = d.candidates.first { $0.id == model }
        let reason = chosen.map { String(format: "prefer=%@; quality=%.3f (%@); predicted cost $%.6f; %d candidates, %d rejected",
                                         d.constraints.prefer.rawValue, $0.quality, $0.qualitySource, $0.costUSD, d.candidates.count, d.rejected.count) }
            ?? "forced"
        var headers = [HTTPField.Name("x-foundry-model")!: model, HTTPField.Name("x-foundry-decision-id")!: d.id,
                       HTTPField.Name("x-foundry-reason")!: HeaderText.safe(reason)]
        if let deployment { headers[HTTPField.Name("x-foundry-deployment")!] = HeaderText.safe(deployment) }
        return headers
    }

    static func json(_ text: String, status: HTTPResponse.Status, extra: [HTTPField.Name: String] = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A request refused before any model was called: counted by reason, answered in OpenAI's shape.
    func refuse(_ error: any Error) -> Response {
        let reason: String? = switch error {
        case let refusal as ServeRefusal: refusal.code
        case is RoutingLoop: "loop_detected"
        default: OpenAIErrorBody.clientError(error) != nil ? "invalid_request" : nil
        }
        if let reason { state.metrics.refused(reason) }
        return Self.failure(error)
    }

    /// Maps foundry's errors to OpenAI-style error responses.
    static func failure(_ error: any Error, extra: [HTTPField.Name: String] = [:]) -> Response {
        if let refusal = error as? ServeRefusal {
            return json(OpenAIErrorBody.json(refusal.message, type: refusal.type, code: refusal.code), status: refusal.status,
                        extra: extra.merging(refusal.headers) { a, _ in a })
        }
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
