import ArgumentParser
import Foundation
import FoundryCore
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
            record; /metrics is Prometheus text. SIGTERM or SIGINT stops accepting and drains \
            in-flight streams before exiting.

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

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
    }

    func run(context: Context) async throws {
        let registry = try ProviderRegistry(context: context)
        registry.warnings.forEach { context.output.warning($0) }
        let defaults = RouteConstraints(
            prefer: prefer ?? context.config.defaults.prefer.flatMap(RouteConstraints.Preference.init(rawValue:)) ?? .balanced,
            maxTokens: maxTokens ?? context.config.defaults.maxTokens ?? 1024)
        let server = RouteServer(session: RouteSession(context: context, registry: registry), defaults: defaults,
                                 hedgeAfter: hedgeAfter.map { .milliseconds($0) }, state: ServeState(),
                                 routing: ServeRoutingState(paths: context.paths),
                                 logs: ServeLogWriter(decisions: context.decisionLog, usage: context.usageLog))
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
            throw FoundryError.failure("route serve on \(host):\(port) failed: \(error)")
        }
        server.routing.flush()
        server.logs.close()
        try interrupt.finish("route serve stopped (interrupted; in-flight requests drained)")
        output.error("foundry: route serve stopped (in-flight requests drained)")
    }
}
