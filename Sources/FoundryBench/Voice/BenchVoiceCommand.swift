import ArgumentParser
import Foundation
import FoundryCore
import FoundryRealtime

/// `foundry bench voice`: N spoken turns through a realtime session, each measured with the
/// voice client's latency waterfall, summarised per stage over the turns.
struct BenchVoiceCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Measure a real-time voice pipeline: N spoken turns, latency per stage over the turns.",
        discussion: """
            Sends N spoken turns through one OpenAI Realtime session with foundry voice's client: audio \
            files (--in, repeated in order to reach --turns) or sentences spoken by espeak-ng (--turns N, \
            in an order --seed fixes), paced in real time as a person speaks, waiting for each reply to \
            finish before the next turn. The target is --endpoint (Azure \
            OpenAI, OpenAI or any ws:// server, with the same keys as foundry voice), or the local server \
            started in-process (--reply echo, or a reply model through route with --model).

            Every stage of each turn's waterfall is measured from the user's speech end on one monotonic \
            clock (docs/metrics.md, "Voice"): the server's speech_stopped, commit, response.created, first \
            text, first and last audio byte, response.done, and the server's VAD decision → first audio \
            byte; the local server adds its own stages. The summary gives p50, p95, p99 and max of each over \
            the answered turns. Each answered turn goes to the usage log (source bench) and its latency \
            where route reads it.

            Examples:
              foundry bench voice --turns 20 --reply echo
              foundry bench voice --in q1.wav --in q2.wav --turns 10 --endpoint ws://127.0.0.1:8765/v1/realtime --json
              foundry bench voice --turns 10 --endpoint 'wss://res.openai.azure.com/openai/v1/realtime?model=rt'
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("An audio file to say (repeatable; sent in order, repeated to reach --turns).", valueName: "file"),
            completion: .file(extensions: ["wav", "flac", "ogg", "opus", "mp3", "aiff"]))
    var inputs: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Turns to send (default: one per --in file, or 10 synthesised sentences).", valueName: "n"))
    var turns: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed for the order of the synthesised sentences.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Longest wait for each reply, seconds.", valueName: "s"))
    var timeout: Double = 60

    @Flag(name: .long, help: "Print the summary as CSV (a header line and a line of values).")
    var csv = false

    @OptionGroup var target: RealtimeTargetOptions

    func validate() throws {
        if let n = turns, n <= 0 { throw ValidationError("--turns must be a positive integer, not \(n)") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        if csv && global.json { throw ValidationError("--csv and --json are exclusive") }
    }

    var turnCount: Int { turns ?? (inputs.isEmpty ? 10 : inputs.count) }

    func run(context: Context) async throws {
        for file in inputs {
            if let problem = TextFile.problem(file) { throw FoundryError.failure("cannot open '\(file)': \(problem)") }
        }
        // The endpoint and its key are checked before any speech is synthesised.
        if let endpoint = target.endpoint {
            _ = try RealtimeEndpoint.resolve(endpoint, keys: context.keys, config: context.config, dialect: target.dialect,
                                             bearerVariable: target.keyEnv, environment: context.environment)
        }
        let count = turnCount, fromFiles = !inputs.isEmpty, files = inputs
        let output = context.output
        var options = VoiceClientOptions()
        options.session = target.sessionUpdate
        options.manualTurns = target.manualTurns
        options.replyTimeout = .milliseconds(Int(timeout * 1000))
        options.transcripts = false
        let prepared = options
        try await Interruptible.run {
            do {
                let spoken = fromFiles ? SpokenTurns.files(files, count: count) : try await SpokenTurns.synthesised(count: count, seed: seed, voice: nil)
                defer { spoken.remove() }
                var settings = prepared
                settings.inputs = spoken.files
                let texts = spoken.texts
                settings.turnFinished = { turn in
                    let said = texts.indices.contains(turn.turn - 1) ? " \"\(texts[turn.turn - 1])\"" : ""
                    let first = turn.firstAudioMs.map { String(format: "first audio %.0f ms", $0) } ?? "no audio"
                    output.info("bench voice: turn \(turn.turn)/\(count)\(said) \(turn.status): \(first)" + (turn.userTranscript.map { ", heard \"\($0)\"" } ?? ""))
                }
                let started = Date(), client = settings
                try await target.connect(context: context) { endpoint in
                    try await measure(endpoint: endpoint, options: client, context: context, started: started, texts: texts)
                }
            } catch is CancellationError {
                throw FoundryError.interrupted()
            }
        }
    }

    /// Runs the turns and reports them; a run that was interrupted, or whose turns all failed,
    /// still prints and records what it measured before it ends with its error.
    private func measure(endpoint: RealtimeEndpoint, options: VoiceClientOptions, context: Context, started: Date, texts: [String]) async throws {
        let clock = Stopwatch()
        let result: VoiceClient.Result
        var failure: FoundryError?
        do {
            result = try await VoiceClient(options: options, endpoint: endpoint, output: context.output).run()
        } catch let failed as VoiceClientError {
            result = failed.result
            failure = failed.error
        }
        let summary = VoiceBenchSummary(
            target: endpoint.displayURL, model: result.model, reply: result.foundry?.reply, date: Timestamp.iso8601(started),
            seed: texts.isEmpty ? nil : seed, durationS: clock.milliseconds / 1000, turns: result.turns, said: texts)
        do {
            try VoiceRunRecorder(context: context, endpoint: endpoint).record(result)
        } catch {
            context.output.warning("could not record the run: \((error as? FoundryError)?.message ?? "\(error)")")
        }
        if global.json {
            context.output.line(JSONCoding.string(summary.json, pretty: true))
        } else if csv {
            context.output.line(summary.csv)
        } else {
            context.output.line(summary.text(width: context.output.width))
        }
        if let failure, failure.exitCode == ExitStatus.interrupted || summary.answered.isEmpty { throw failure }
        if let failure { context.output.warning(failure.message) }
    }
}
