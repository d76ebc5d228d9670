import ArgumentParser
import Foundation
import FoundryCore

/// `foundry voice --in FILE…`: the client.
struct VoiceTalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talk", abstract: "Send audio turns through a realtime session (the default: `foundry voice --in FILE`).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("An audio file to say (repeatable: one turn each).", valueName: "file"),
            completion: .file(extensions: ["wav", "flac", "ogg", "opus", "mp3", "aiff"]))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("Capture from this ALSA device (default: the system's) instead of files.", valueName: "device"))
    var mic: String?

    @Option(name: .long, help: ArgumentHelp("With --mic: stop capturing after this many seconds (default: Ctrl-C).", valueName: "s"))
    var seconds: Double?

    @Option(name: .long, help: ArgumentHelp("Find --mic and --play devices in this ALSA configuration file instead of the system's.", valueName: "file"),
            completion: .file())
    var alsaConfig: String?

    @Option(name: .long, help: ArgumentHelp("A ws://, wss:// or https:// realtime URL (default: the local server, in-process).", valueName: "url"))
    var endpoint: String?

    @Option(name: .long, help: "Protocol dialect: ga or beta (default: from the URL; Azure /openai/realtime is beta).")
    var dialect: RealtimeDialect?

    @Option(name: .long, help: ArgumentHelp("For other endpoints: send Authorization: Bearer with the key in this environment variable.", valueName: "var"))
    var keyEnv: String?

    @Option(name: .long, help: "Voice of the reply (alloy, ash, coral, echo, marin, cedar, … or an espeak-ng voice for the local server).")
    var voice: String?

    @Option(name: .long, help: "Instructions (system prompt) for the session.")
    var instructions: String?

    @Option(name: .long, help: "Turn detection: server (server_vad), semantic (semantic_vad) or none (commit after each file).")
    var vad: VADMode = .server

    @Option(name: .long, help: ArgumentHelp("server_vad activation threshold, 0–1.", valueName: "t"))
    var threshold: Double?

    @Option(name: .long, help: ArgumentHelp("server_vad audio kept before speech, ms.", valueName: "ms"))
    var prefixPaddingMs: Int?

    @Option(name: .long, help: ArgumentHelp("server_vad silence that ends a turn, ms.", valueName: "ms"))
    var silenceMs: Int?

    @Flag(name: .long, help: "Push-to-talk: no turn detection; each file is committed and answered.")
    var ptt = false

    @Option(name: .long, help: ArgumentHelp("Input transcription model (none: no user transcript).", valueName: "model"))
    var transcribe = "whisper-1"

    @Option(name: .long, help: ArgumentHelp("Write the reply audio to FILE (.wav, or .ogg/.opus for Ogg Opus).", valueName: "file"),
            completion: .file(extensions: ["wav", "ogg", "opus"]))
    var out: String?

    @Flag(name: .long, help: "Play the reply on the speaker (ALSA).")
    var play = false

    @Option(name: .long, help: ArgumentHelp("ALSA playback device for --play.", valueName: "device"))
    var playDevice = "default"

    @Option(name: .long, help: "Audio on the wire: pcm16 (the protocol's events) or opus (foundry's extension; foundry voice serve only).")
    var codec: Codec = .pcm16

    @Option(name: .long, help: ArgumentHelp("With --codec opus: drop this percentage of audio packets in each direction (simulated network).", valueName: "percent"))
    var loss: Double = 0

    @Option(name: .long, help: ArgumentHelp("With --codec opus: delay each sent packet by up to MS (simulated network).", valueName: "ms"))
    var jitter: Int = 0

    enum Codec: String, ExpressibleByArgument, CaseIterable { case pcm16, opus }

    @Flag(name: .long, help: "Send files as fast as the socket takes them instead of in real time.")
    var fast = false

    @Option(name: .long, help: ArgumentHelp("Start the next file this long after the reply's first audio (barge-in).", valueName: "ms"))
    var interruptAfter: Int?

    @Option(name: .long, help: ArgumentHelp("Longest wait for a reply, seconds.", valueName: "s"))
    var timeout: Double = 60

    @Option(name: .long, help: "Local server only: how replies are made (auto, route, echo).")
    var reply: ReplyMode = .auto

    @Option(name: .long, help: ArgumentHelp("Local server only: reply with this catalog model.", valueName: "model"))
    var model: String?

    enum VADMode: String, ExpressibleByArgument, CaseIterable { case server, semantic, none }

    func validate() throws {
        if inputs.isEmpty && mic == nil { throw ValidationError("give at least one --in FILE, or --mic DEVICE") }
        if !inputs.isEmpty && mic != nil { throw ValidationError("--in and --mic are exclusive") }
        if let s = seconds, s <= 0 || mic == nil { throw ValidationError("--seconds takes a positive number and applies to --mic") }
        if let t = threshold, !(0...1).contains(t) { throw ValidationError("--threshold must be between 0 and 1, not \(t)") }
        for (flag, value) in [("--prefix-padding-ms", prefixPaddingMs), ("--silence-ms", silenceMs), ("--interrupt-after", interruptAfter)] {
            if let v = value, v < 0 { throw ValidationError("\(flag) must be a non-negative number of milliseconds, not \(v)") }
        }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if !(0...100).contains(loss) || jitter < 0 { throw ValidationError("--loss takes 0–100 (percent) and --jitter a non-negative number of milliseconds") }
        if (loss > 0 || jitter > 0) && codec != .opus { throw ValidationError("--loss and --jitter simulate a network for --codec opus") }
        if endpoint != nil && (reply != .auto || model != nil) { throw ValidationError("--reply and --model apply to the local server only (no --endpoint)") }
        if ptt && vad != .server { throw ValidationError("--ptt turns detection off; do not combine it with --vad") }
    }

    var sessionUpdate: RealtimeSessionConfig {
        var s = RealtimeSessionConfig(instructions: instructions, voice: voice, outputModalities: ["audio"], inputFormat: "pcm16", outputFormat: "pcm16",
                                      transcriptionModel: transcribe == "none" ? "" : transcribe)
        switch (ptt ? .none : vad) {
        case .server:
            s.turnDetection = .serverVAD(.init(threshold: threshold, prefixPaddingMs: prefixPaddingMs, silenceDurationMs: silenceMs))
        case .semantic: s.turnDetection = .semanticVAD(eagerness: nil, createResponse: nil, interruptResponse: nil)
        case .none: s.turnDetection = .disabled
        }
        return s
    }

    func run() async throws {
        let context = try Context(global)
        for file in inputs where !FileManager.default.isReadableFile(atPath: file) {
            throw FoundryError.failure("cannot open '\(file)': \(FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file")")
        }
        var settings = VoiceClientOptions()
        settings.inputs = inputs
        settings.microphone = mic
        settings.seconds = seconds
        if let alsaConfig { settings.alsaConfiguration = try TextFile.text(alsaConfig, what: "ALSA configuration ") }
        settings.fast = fast
        settings.session = sessionUpdate
        settings.manualTurns = ptt || vad == .none
        settings.out = out
        settings.play = play ? playDevice : nil
        settings.interruptAfterMs = interruptAfter
        settings.replyTimeout = .milliseconds(Int(timeout * 1000))
        settings.json = global.json
        settings.codec = codec.rawValue
        settings.lossPercent = loss
        settings.jitterMs = jitter
        let resolved = try endpoint.map {
            try RealtimeEndpoint.resolve($0, keys: context.keys, config: context.config, dialect: dialect, bearerVariable: keyEnv,
                                         environment: context.environment)
        }
        let services = resolved == nil ? try await VoiceServices.prepare(reply: reply, model: model, context: context) : nil
        let options = settings
        try await Interruptible.run {
            if let resolved {
                try await VoiceRun(context: context, options: options, endpoint: resolved).run()
            } else if let services {
                try await LocalServer.with(services) { port in
                    try await VoiceRun(context: context, options: options, endpoint: .local(port: port)).run()
                }
            }
        }
    }
}

extension RealtimeDialect: ExpressibleByArgument {}
