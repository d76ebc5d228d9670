import ArgumentParser
import Foundation
import FoundryCore
import FoundryLM
import Hummingbird
import Logging

/// `foundry run serve`: one local model behind an OpenAI-compatible endpoint.
struct RunServeCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a GGUF model as an OpenAI-compatible endpoint (/v1/chat/completions, /v1/completions, /v1/models).",
        discussion: """
            Requests are queued and answered one generation at a time, in arrival order (the model \
            and its KV cache are shared; a prompt that repeats the previous one's beginning reuses \
            its cache). Streams carry usage when stream_options.include_usage is set. The catalog's \
            `local` provider talks to this server (default http://127.0.0.1:8081/v1), so route and \
            bench use it like any provider. SIGTERM or SIGINT stops it after the current request.

            Example:
              foundry run serve model.gguf --port 8081 &
              curl -s localhost:8081/v1/chat/completions -d '{"messages":[{"role":"user","content":"hi"}]}'
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modelArguments: ModelArguments

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed on stderr).")
    var port = 8081

    @Option(name: .long, help: ArgumentHelp("Chat template: mistral-v7, mistral, llama3, chatml (default: from the file).", valueName: "name"))
    var template: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output bound when a request gives none.", valueName: "n"))
    var maxTokens = 512

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        if let template, ChatTemplate(rawValue: template) == nil {
            throw ValidationError("unknown chat template '\(template)'; choose one of \(ChatTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run(context: Context) async throws {
        let output = context.output
        let loaded = try await OffPool.run { try modelArguments.load() }
        let chosen = template.flatMap(ChatTemplate.init(rawValue:)) ?? ChatTemplate.detect(gguf: loaded.file)
        if chosen == nil { output.warning("\(loaded.name) has no recognised chat template; /v1/chat/completions will refuse (use --template)") }
        let server = RunServer(loaded: loaded, template: chosen, defaultMaxTokens: maxTokens)
        let app = Application(
            router: server.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "foundry"),
            onServerRunning: { channel in
                output.error(String(format: "foundry: run serve: %@ (loaded in %.0f ms) listening on http://%@:%d/v1", loaded.name, loaded.loadMs,
                                    channel.localAddress?.ipAddress ?? "?", channel.localAddress?.port ?? 0))
            },
            logger: Logger(label: "foundry.run.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
        let interrupt = InterruptWatch()
        do {
            try await app.runService()
        } catch {
            throw FoundryError.failure("run serve on \(host):\(port) failed: \(error)")
        }
        try interrupt.finish("run serve stopped (interrupted; the request in flight was finished)")
        output.error("foundry: run serve stopped")
    }
}
