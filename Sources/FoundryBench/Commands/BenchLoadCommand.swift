import ArgumentParser
import Foundation
import FoundryCore
import FoundryProviders

/// `foundry bench` (`bench load`): send a workload to a catalog model or a URL and measure it.
struct BenchLoadCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Send a workload to a model or URL and measure it (the default: foundry bench --model M).",
        discussion: """
            The target is a catalog model (--model, called through its provider as route calls it) or an \
            OpenAI-compatible chat completions endpoint (--url, with --model naming the model sent to it). \
            TTFT runs from the moment the request is written on an open connection to the first \
            non-empty content; connection setup is not part of it.

            The run stops early, with one message, when the target is unreachable, rejects the key, does \
            not know the model, or fails the first ten requests.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The catalog model to measure; with --url, the model name sent to the endpoint.", valueName: "model"),
            completion: .custom(ModelCompletion.models))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("An OpenAI-compatible endpoint: base URL (…/v1) or the full …/chat/completions URL.", valueName: "url"))
    var url: String?

    @Option(name: .long, help: ArgumentHelp("With --url: the environment variable that holds the bearer key.", valueName: "variable"))
    var apiKeyEnv: String?

    @Option(name: .long, help: ArgumentHelp("With --url: record latency and priced usage under this catalog model.", valueName: "model"),
            completion: .custom(ModelCompletion.models))
    var recordAs: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Measured requests (default 100 unless --duration).", valueName: "n"))
    var requests: Int?

    @Option(name: .long, help: ArgumentHelp("Send for this long instead (e.g. 30s, 2m); requests in flight then finish.", valueName: "time"))
    var duration: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Most requests in flight at once (default 1, or 256 with --rate).", valueName: "n"))
    var concurrency: Int?

    @Option(name: .long, help: ArgumentHelp("Mean arrival rate, requests per second (Poisson unless --burstiness).", valueName: "r"))
    var rate: Double?

    @Option(name: .long, help: ArgumentHelp("Gamma shape of the gaps between arrivals: 1 Poisson, below 1 burstier, above 1 steadier.", valueName: "b"))
    var burstiness: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Requests sent first and left out of the statistics.", valueName: "n"))
    var warmup: Int = 0

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed for arrivals and synthetic prompts.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Prompts from a JSON Lines file (prompt, messages or conversations per line) or a ShareGPT JSON file.", valueName: "file"),
            completion: .file(extensions: ["jsonl", "json"]))
    var dataset: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Synthetic prompts of this many input tokens.", valueName: "n"))
    var inputTokens: Int = 128

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output tokens asked of synthetic prompts (max_tokens).", valueName: "n"))
    var outputTokens: Int = 128

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("max_tokens for every request (overrides the dataset's and --output-tokens).", valueName: "n"))
    var maxTokens: Int?

    @Flag(name: .long, help: "With --url: ask the server to ignore end-of-sequence (vLLM, llama.cpp), so every answer has max_tokens tokens.")
    var ignoreEos = false

    @Flag(name: .long, help: "With --url: ask for whole answers instead of streams (TTFT then equals E2E).")
    var noStream = false

    @Option(name: .long, help: "Sampling temperature.")
    var temperature: Double?

    @Option(name: .long, help: ArgumentHelp("Count tokens with this tiktoken file (o200k_base.tiktoken, cl100k_base.tiktoken) when the server reports no usage.", valueName: "file"),
            completion: .file(extensions: ["tiktoken"]))
    var tokenizer: String?

    @Option(name: .long, help: ArgumentHelp("Service-level objective for goodput, e.g. ttft=300ms,tpot=50ms,e2el=2s.", valueName: "limits"))
    var slo: String?

    @Flag(name: .long, help: "Print the summary as CSV (a header line and a line of values).")
    var csv = false

    @Option(name: .long, help: ArgumentHelp("Write every measured request to FILE as JSON Lines.", valueName: "file"), completion: .file(extensions: ["jsonl"]))
    var requestsOut: String?

    @Option(name: .long, help: ArgumentHelp("Write latency CDFs and throughput over time to FILE as SVG.", valueName: "file"), completion: .file(extensions: ["svg"]))
    var plot: String?

    func validate() throws {
        if url == nil && model == nil { throw ValidationError("give --model MODEL (a catalog model) or --url URL (an OpenAI-compatible endpoint)") }
        if let n = requests, n <= 0 { throw ValidationError("--requests must be a positive integer, not \(n)") }
        if requests != nil && duration != nil { throw ValidationError("--requests and --duration are exclusive") }
        if let c = concurrency, c <= 0 { throw ValidationError("--concurrency must be a positive integer, not \(c)") }
        if let r = rate, !(r > 0 && r.isFinite) { throw ValidationError("--rate must be a positive number of requests per second, not \(r)") }
        if let b = burstiness {
            if rate == nil { throw ValidationError("--burstiness shapes arrivals at a --rate: give --rate too") }
            if !(b > 0 && b.isFinite) { throw ValidationError("--burstiness must be a positive number, not \(b)") }
        }
        if warmup < 0 { throw ValidationError("--warmup must be zero or more, not \(warmup)") }
        if inputTokens <= 0 { throw ValidationError("--input-tokens must be a positive integer, not \(inputTokens)") }
        if outputTokens <= 0 { throw ValidationError("--output-tokens must be a positive integer, not \(outputTokens)") }
        if let n = maxTokens, n <= 0 { throw ValidationError("--max-tokens must be a positive integer, not \(n)") }
        if csv && global.json { throw ValidationError("--csv and --json are exclusive") }
        if url == nil {
            if ignoreEos { throw ValidationError("--ignore-eos needs --url: providers are called through foundry's chat interface, which has no ignore_eos") }
            if noStream { throw ValidationError("--no-stream needs --url: providers are always streamed") }
            if apiKeyEnv != nil { throw ValidationError("--api-key-env goes with --url: catalog models use their provider's configured key") }
            if recordAs != nil { throw ValidationError("--record-as goes with --url: a catalog model is recorded under its own id") }
        }
        if let duration, Self.seconds(duration) == nil { throw ValidationError("--duration '\(duration)' is not a duration (e.g. 30s, 2m, 500ms)") }
    }

    /// "30s", "2m", "500ms", "1h", or plain seconds.
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let value: Double?
        if t.hasSuffix("ms") { value = Double(t.dropLast(2)).map { $0 / 1000 } }
        else if t.hasSuffix("s") { value = Double(t.dropLast()) }
        else if t.hasSuffix("m") { value = Double(t.dropLast()).map { $0 * 60 } }
        else if t.hasSuffix("h") { value = Double(t.dropLast()).map { $0 * 3600 } }
        else { value = Double(t) }
        guard let value, value > 0, value.isFinite else { return nil }
        return value
    }

    var measuredRequests: Int? { duration == nil ? requests ?? 100 : nil }
    var effectiveConcurrency: Int { concurrency ?? (rate == nil ? 1 : 256) }

    func run(context: Context) async throws {
        let counter = try TokenCounter(tokenizerFile: tokenizer)
        let objective = try slo.map(ServiceLevelObjective.init(parsing:))
        try checkOutputFiles()
        let target = try makeTarget(context)
        let prompts = try makePrompts(counter: counter)
        let plan = LoadPlan(requests: measuredRequests, duration: duration.flatMap(Self.seconds).map { Duration.milliseconds(Int64($0 * 1000)) },
                            concurrency: effectiveConcurrency, rate: rate, burstiness: burstiness ?? 1, warmup: warmup, seed: seed)
        var generator = LoadGenerator(target: target, prompts: prompts, plan: plan, counter: counter)
        let progress = ProgressLine(total: plan.requests, output: context.output)
        generator.progress = { progress.update(sent: $0, done: $1, errors: $2, elapsed: $3) }
        let started = Date()
        // Ctrl-C ends the requests in flight; the requests that finished are summarised, recorded
        // and written like a whole run's, then foundry exits with 130.
        let load = generator
        let result: LoadGenerator.Result
        do {
            result = try await Interruptible.run { try await load.run() }
        } catch {
            progress.end()
            await target.shutdown()
            throw error
        }
        progress.end()
        await target.shutdown()

        let settings = BenchSummary.Settings(
            target: target.name, modelID: target.catalogEntry?.id ?? model, backend: url == nil ? "provider" : "openai-chat",
            plan: plan, stream: !noStream, slo: objective)
        let summary = SummaryBuilder.build(result.records, settings: settings, durationS: result.durationS,
                                           tokenCountMethod: counter.method, date: started)
        try RunRecorder(context: context, target: target, servedModel: model)
            .record(measured: result.records, warmup: result.warmup, runStart: started)
        try writeFiles(summary, records: result.records)
        if global.json {
            var json = summary.json
            if result.interrupted, case .object(var o) = json {
                o["interrupted"] = .bool(true)
                json = .object(o)
            }
            context.output.line(JSONCoding.string(json, pretty: true))
        } else if csv {
            context.output.line(SummaryCSV.render(summary))
        } else {
            context.output.line(SummaryText.render(summary, width: context.output.width))
        }
        if result.interrupted {
            let n = result.records.count
            throw FoundryError.interrupted("interrupted: the summary covers the \(n) measured request\(n == 1 ? "" : "s") that finished")
        }
    }
}
