import ArgumentParser
import FoundryCore

/// Where a voice session goes and how it is set up: the options `foundry voice` and
/// `foundry bench voice` share (endpoint and key, the local server's reply, the session).
public struct RealtimeTargetOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("A ws://, wss:// or https:// realtime URL (default: the local server, in-process).", valueName: "url"))
    public var endpoint: String?

    @Option(name: .long, help: "Protocol dialect: ga or beta (default: from the URL; Azure /openai/realtime is beta).")
    public var dialect: RealtimeDialect?

    @Option(name: .long, help: ArgumentHelp("For other endpoints: send Authorization: Bearer with the key in this environment variable.", valueName: "var"))
    public var keyEnv: String?

    @Option(name: .long, help: "Local server only: how replies are made (auto, route, echo).")
    public var reply: ReplyMode = .auto

    @Option(name: .long, help: ArgumentHelp("Local server only: reply with this catalog model.", valueName: "model"))
    public var model: String?

    @Option(name: .long, help: "Voice of the reply (alloy, ash, coral, echo, marin, cedar, … or an espeak-ng voice for the local server).")
    public var voice: String?

    @Option(name: .long, help: "Instructions (system prompt) for the session.")
    public var instructions: String?

    @Option(name: .long, help: "Turn detection: server (server_vad), semantic (semantic_vad) or none (commit after each file).")
    public var vad: VADMode = .server

    @Option(name: .long, help: ArgumentHelp("server_vad activation threshold, 0–1.", valueName: "t"))
    public var threshold: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("server_vad audio kept before speech, ms.", valueName: "ms"))
    public var prefixPaddingMs: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("server_vad silence that ends a turn, ms.", valueName: "ms"))
    public var silenceMs: Int?

    @Flag(name: .long, help: "Push-to-talk: no turn detection; each file is committed and answered.")
    public var ptt = false

    @Option(name: .long, help: ArgumentHelp("Input transcription model (none: no user transcript).", valueName: "model"))
    public var transcribe = "whisper-1"

    public enum VADMode: String, ExpressibleByArgument, CaseIterable, Sendable { case server, semantic, none }

    public init() {}

    public func validate() throws {
        if let t = threshold, !(0...1).contains(t) { throw ValidationError("--threshold must be between 0 and 1, not \(t)") }
        for (flag, value) in [("--prefix-padding-ms", prefixPaddingMs), ("--silence-ms", silenceMs)] {
            if let v = value, v < 0 { throw ValidationError("\(flag) must be a non-negative number of milliseconds, not \(v)") }
        }
        if endpoint != nil && (reply != .auto || model != nil) { throw ValidationError("--reply and --model apply to the local server only (no --endpoint)") }
        if ptt && vad != .server { throw ValidationError("--ptt turns detection off; do not combine it with --vad") }
    }

    /// Turns are committed by the client (push-to-talk or no turn detection).
    public var manualTurns: Bool { ptt || vad == .none }

    /// The session.update the client sends first.
    public var sessionUpdate: RealtimeSessionConfig {
        var s = RealtimeSessionConfig(instructions: instructions, voice: voice, outputModalities: ["audio"], inputFormat: "pcm16", outputFormat: "pcm16",
                                      transcriptionModel: transcribe == "none" ? "" : transcribe)
        switch ptt ? .none : vad {
        case .server:
            s.turnDetection = .serverVAD(.init(threshold: threshold, prefixPaddingMs: prefixPaddingMs, silenceDurationMs: silenceMs))
        case .semantic: s.turnDetection = .semanticVAD(eagerness: nil, createResponse: nil, interruptResponse: nil)
        case .none: s.turnDetection = .disabled
        }
        return s
    }

    /// Runs `body` against the endpoint, or against the local server started in-process for as
    /// long as `body` runs. The endpoint and its key, or the local server's reply model, are
    /// checked before anything is sent.
    public func connect<T: Sendable>(context: Context, _ body: @escaping @Sendable (RealtimeEndpoint) async throws -> T) async throws -> T {
        if let endpoint {
            let resolved = try RealtimeEndpoint.resolve(endpoint, keys: context.keys, config: context.config, dialect: dialect,
                                                        bearerVariable: keyEnv, environment: context.environment)
            return try await body(resolved)
        }
        let services = try await VoiceServices.prepare(reply: reply, model: model, context: context)
        return try await LocalServer.with(services) { port in try await body(.local(port: port)) }
    }
}

extension RealtimeDialect: ExpressibleByArgument {}
