import ArgumentParser
import Foundation
import FoundryCore
import FoundryGateway
import FoundryProviders
import Hummingbird
import Logging
import NIOCore
import FoundryRouting

/// `foundry route serve`: the router as an OpenAI-compatible endpoint.
struct RouteServeCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the router as an OpenAI-compatible endpoint (/v1/chat/completions, /v1/models).",
        discussion: """
            Model "auto" routes; a catalog model id forces that model. Constraints come from \
            x-foundry-* headers (x-foundry-max-cost, x-foundry-prefer, x-foundry-needs, …) or a \
            "foundry" object in the body, named like the route flags. Responses carry x-foundry-model, \
            x-foundry-decision-id and x-foundry-reason; GET /v1/decisions/{id} returns the decision \
            record; /metrics is Prometheus text; /healthz answers while the process is up and \
            /readyz when the store is reachable. SIGTERM or SIGINT stops accepting and drains \
            in-flight streams before exiting.

            Keys: when the store (--store) holds virtual keys, every /v1/* request needs one \
            (Authorization: Bearer KEY; see foundry keys), and a key limited to some models only \
            routes among them. Listening beyond loopback needs keys, or --no-auth said explicitly.

            Example:
              foundry route serve --port 8080 &
              curl -s localhost:8080/v1/chat/completions -H 'x-foundry-prefer: cost' \\
                  -d '{"model":"auto","messages":[{"role":"user","content":"hi"}]}'
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed on stderr).")
    var port = 8080

    @Option(name: .long, help: "Default preference: balanced, cost, quality or latency.")
    var prefer: RouteConstraints.Preference?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Default output bound when a request gives none.", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Start the next candidate when no first token arrives within MS.", valueName: "ms"))
    var hedgeAfter: Int?

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Read the admin key guarding /admin/keys from FILE (mode 0600); $FOUNDRY_ADMIN_KEY otherwise.", valueName: "file"),
            completion: .file())
    var adminKeyFile: String?

    @Option(name: .long, help: ArgumentHelp("The window of --rpm and --tpm key limits, in seconds (default 60).", valueName: "seconds"))
    var rateWindow: Double = 60

    @Option(name: .long, help: ArgumentHelp(
        "While the store cannot be reached: closed refuses requests with 503; open serves from this instance's state and says so in a header and /metrics.",
        valueName: "closed|open"))
    var onStoreFailure: StoreFailureMode = .closed

    @Flag(name: .long, help: "Serve without checking keys: anyone who reaches the port spends the operator's provider keys.")
    var noAuth = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        if !(rateWindow >= 0.1 && rateWindow <= 3600) { throw ValidationError("--rate-window must be between 0.1 and 3600 seconds, not \(rateWindow)") }
    }

    /// Loopback addresses: only this machine can connect.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Opens the store and loads its keys; refuses to serve beyond loopback without keys.
    func keys(_ context: Context) async throws -> (KeyRingRefresher, any GatewayStore) {
        let store = try storeOptions.open(context)
        do {
            if let postgres = store as? PostgresGatewayStore { try await postgres.checkSchema() }
            let refresher = KeyRingRefresher(store: store, ring: KeyRing())
            try await refresher.load()
            return (refresher, store)
        } catch {
            await store.close()
            throw error
        }
    }

    /// Budgets count what the key (or tag) spent earlier in the period: with the file store, the
    /// usage log of this state directory; with PostgreSQL, the budget shares of every instance.
    func preloadSpend(_ limiter: KeyLimiter, keys ring: KeyRing, context: Context, store: any GatewayStore) {
        if store is PostgresGatewayStore { return }
        let now = Date()
        guard let records = try? context.usageLog.read(UsageRecord.self).records else { return }
        let subjects = ring.keys.map { key in (key.limitSubject, { (r: UsageRecord) in r.key == key.name }) }
            + ring.tagLimits.map { limit in
                let (k, v) = (limit.tag.prefix { $0 != "=" }, limit.tag.drop { $0 != "=" }.dropFirst())
                return (limit.subject, { (r: UsageRecord) in r.tags?[String(k)] == String(v) })
            }
        for (subject, counts) in subjects {
            guard let budget = subject.budget else { continue }
            let start = budget.periodStart(containing: now), from = Timestamp.iso8601(start)
            let spent = records.filter { counts($0) && $0.time >= from }.compactMap(\.costUSD).reduce(0, +)
            limiter.preload(scope: subject.scope, periodStart: start, spentUSD: spent)
        }
    }

    func run(context: Context) async throws {
        let adminSecret = try ServeAdmin.secret(file: adminKeyFile, environment: context.environment)
        let (refresher, store) = try await keys(context)
        let loopback = Self.isLoopback(host)
        if noAuth {
            context.output.warning("--no-auth: keys are not checked; anyone who reaches \(host):\(port) spends the operator's provider keys")
        } else if refresher.ring.count == 0 && !loopback {
            await store.close()
            throw FoundryError.usage("route serve would listen on \(host), beyond this machine, and the store \(store.location) holds no keys",
                                     hint: "create one with foundry keys create --name NAME, or pass --no-auth to serve without keys")
        } else if refresher.ring.count == 0 {
            context.output.info("no keys in \(store.location): serving without keys on loopback; foundry keys create turns them on")
        }
        refresher.start()
        defer { refresher.stop() }
        let fleet = ServeFleet(store: store)
        let routing = ServeRoutingState(paths: context.paths, sharesLatency: fleet.shared)
        let limiter = KeyLimiter(window: .milliseconds(Int(rateWindow * 1000)), ledger: fleet.ledger)
        preloadSpend(limiter, keys: refresher.ring, context: context, store: store)
        fleet.start(routing: routing, limiter: limiter)
        let registry = try ProviderRegistry(context: context)
        registry.warnings.forEach { context.output.warning($0) }
        let defaults = RouteConstraints(
            prefer: prefer ?? context.config.defaults.prefer.flatMap(RouteConstraints.Preference.init(rawValue:)) ?? .balanced,
            maxTokens: maxTokens ?? context.config.defaults.maxTokens ?? 1024)
        var usageSink: (@Sendable (UsageRecord) -> Void)?, decisionSink: (@Sendable (String) -> Void)?
        if let log = fleet.usageLog { usageSink = { log.append($0) } }
        if let log = fleet.decisionLog { decisionSink = { log.append($0) } }
        let server = RouteServer(session: RouteSession(context: context, registry: registry), defaults: defaults,
                                 hedgeAfter: hedgeAfter.map { .milliseconds($0) }, state: ServeState(),
                                 routing: routing,
                                 logs: ServeLogWriter(decisions: context.decisionLog, usage: context.usageLog, usageSink: usageSink,
                                                      decisionSink: decisionSink),
                                 gate: ServeGate(ring: refresher.ring, noAuth: noAuth, loopback: loopback, onStoreFailure: onStoreFailure,
                                                 storeProblem: { refresher.lastFailure }),
                                 limits: ServeLimits(limiter: limiter),
                                 admin: ServeAdmin(secretHash: adminSecret.map(KeySecret.hash), store: store, refresher: refresher),
                                 fleet: fleet)
        if let postgres = fleet.store {
            let metrics = server.state.metrics
            await postgres.observe { metrics.store(seconds: $0, failed: $1) }
        }
        let output = context.output
        let app = Application(
            router: server.router(),
            // Streamed chat completions are answered on the connection's event loop (ServeRelay).
            server: .http1(configuration: .init(additionalChannelHandlers: [ServeRelayHandler(server: server)])),
            configuration: .init(address: .hostname(host, port: port), serverName: "foundry"),
            onServerRunning: { channel in
                output.error("foundry: route serve listening on http://\(channel.localAddress?.ipAddress ?? "?"):\(channel.localAddress?.port ?? 0)")
            },
            logger: Logger(label: "foundry.route.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
        let interrupt = InterruptWatch()
        do {
            try await app.runService()  // SIGTERM and SIGINT shut down gracefully
        } catch {
            server.routing.flush()
            server.logs.close()
            _ = await fleet.finish(limiter: limiter)
            throw FoundryError.failure("route serve on \(host):\(port) failed: \(error)")
        }
        server.routing.flush()
        server.logs.close()
        let left = await fleet.finish(limiter: limiter)
        if left > 0 { output.warning("\(left) usage or decision record(s) could not reach \(store.location); they are in this machine's logs") }
        await store.close()
        try interrupt.finish("route serve stopped (interrupted; in-flight requests drained)")
        output.error("foundry: route serve stopped (in-flight requests drained)")
    }
}

extension StoreFailureMode: ExpressibleByArgument {}
