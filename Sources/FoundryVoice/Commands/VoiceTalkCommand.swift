import ArgumentParser
import Foundation
import FoundryCore
import FoundryRealtime

/// `foundry voice --in FILE…`: the client.
struct VoiceTalkCommand: ContextCommand {
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

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --codec opus: delay each sent packet by up to MS (simulated network).", valueName: "ms"))
    var jitter: Int = 0

    enum Codec: String, ExpressibleByArgument, CaseIterable { case pcm16, opus }

    @OptionGroup var target: RealtimeTargetOptions

    @Flag(name: .long, help: "Send files as fast as the socket takes them instead of in real time.")
    var fast = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Start the next file this long after the reply's first audio (barge-in).", valueName: "ms"))
    var interruptAfter: Int?

    @Option(name: .long, help: ArgumentHelp("Longest wait for a reply, seconds.", valueName: "s"))
    var timeout: Double = 60

    func validate() throws {
        if inputs.isEmpty && mic == nil { throw ValidationError("give at least one --in FILE, or --mic DEVICE") }
        if !inputs.isEmpty && mic != nil { throw ValidationError("--in and --mic are exclusive") }
        if let s = seconds, s <= 0 || mic == nil { throw ValidationError("--seconds takes a positive number and applies to --mic") }
        if let v = interruptAfter, v < 0 { throw ValidationError("--interrupt-after must be a non-negative number of milliseconds, not \(v)") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if !(0...100).contains(loss) || jitter < 0 { throw ValidationError("--loss takes 0–100 (percent) and --jitter a non-negative number of milliseconds") }
        if (loss > 0 || jitter > 0) && codec != .opus { throw ValidationError("--loss and --jitter simulate a network for --codec opus") }
    }

    func run(context: Context) async throws {
        for file in inputs {
            if let problem = TextFile.problem(file) { throw FoundryError.failure("cannot open '\(file)': \(problem)") }
        }
        var settings = VoiceClientOptions()
        settings.inputs = inputs
        settings.microphone = mic
        settings.seconds = seconds
        if let alsaConfig { settings.alsaConfiguration = try TextFile.text(alsaConfig, what: "ALSA configuration ") }
        settings.fast = fast
        settings.session = target.sessionUpdate
        settings.manualTurns = target.manualTurns
        settings.out = out
        settings.play = play ? playDevice : nil
        settings.interruptAfterMs = interruptAfter
        settings.replyTimeout = .milliseconds(Int(timeout * 1000))
        settings.json = global.json
        settings.codec = codec.rawValue
        settings.lossPercent = loss
        settings.jitterMs = jitter
        let options = settings
        try await Interruptible.run {
            try await target.connect(context: context) { endpoint in
                try await VoiceRun(context: context, options: options, endpoint: endpoint).run()
            }
        }
    }
}
