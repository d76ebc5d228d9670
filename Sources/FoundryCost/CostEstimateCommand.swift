import ArgumentParser
import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// `foundry cost estimate`: one request and a volume of them, on one or several models.
struct CostEstimateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate the cost of a request and of a volume of requests on one or more models.",
        discussion: """
            Give the input as --input N or --prompt-file FILE. A prompt file is counted exactly with \
            --tokenizer-file (OpenAI's o200k_base or cl100k_base rank file); otherwise the count is an \
            estimate, labelled with its method. \
            --audio-in-min and --audio-out-min price realtime audio at 600 input and 1,200 output \
            tokens a minute (OpenAI's published rates: one token per 100 ms of user audio, per 50 ms of \
            assistant audio).
            """)

    enum Period: String, ExpressibleByArgument, CaseIterable { case day, month }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var prices: PriceOptions

    @Option(name: .long, help: ArgumentHelp("A model to price (repeatable to compare).", valueName: "model"),
            completion: .custom(ModelCompletion.models))
    var model: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Input tokens per request.", valueName: "n"))
    var input: String?

    @Option(name: .long, help: ArgumentHelp("Count the input tokens of this file.", valueName: "file"), completion: .file())
    var promptFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "Count --prompt-file exactly with this OpenAI tokenizer rank file (o200k_base.tiktoken or cl100k_base.tiktoken).",
        valueName: "file"), completion: .file(extensions: ["tiktoken"]))
    var tokenizerFile: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output tokens per request (reasoning included).", valueName: "n"))
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Of the input, tokens read from the prompt cache.", valueName: "n"))
    var cached: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Of the input, tokens written to the prompt cache.", valueName: "n"))
    var cacheWrite: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Reasoning tokens per request, billed as output on top of --output.", valueName: "n"))
    var reasoning: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Minutes of user audio per request.", valueName: "minutes"))
    var audioInMin: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Minutes of assistant audio per request.", valueName: "minutes"))
    var audioOutMin: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of requests (per --per period if given).", valueName: "n"))
    var requests: String?

    @Option(name: .long, help: "The period --requests counts: day or month (30 days).")
    var per: Period?

    @Flag(name: .long, help: "Price with the provider's batch discount.")
    var batch = false

    @Flag(name: .long, help: "Show the arithmetic.")
    var explain = false

    func validate() throws {
        if model.isEmpty { throw ValidationError("give at least one --model") }
        if input != nil && promptFile != nil { throw ValidationError("give --input or --prompt-file, not both") }
        let hasAudio = audioInMin != nil || audioOutMin != nil
        if input == nil && promptFile == nil && !hasAudio { throw ValidationError("give --input N or --prompt-file FILE (or audio minutes)") }
        if (input != nil || promptFile != nil) && output == nil { throw ValidationError("give --output N, the output tokens per request") }
        for (name, value) in [("--audio-in-min", audioInMin), ("--audio-out-min", audioOutMin)] {
            if let v = value, v < 0 || !v.isFinite { throw ValidationError("\(name) must be a non-negative number of minutes, not \(v)") }
        }
        if per != nil && requests == nil { throw ValidationError("--per needs --requests") }
        if tokenizerFile != nil && promptFile == nil { throw ValidationError("--tokenizer-file counts a --prompt-file: give one") }
    }

    func run(context: Context) async throws {
        let priced = try PricedCatalog(context: context, options: prices)
        let entries = try model.map { try priced.catalog.entry(named: $0) }
        let count = try promptFile.map { try PromptTokens.count($0, tokenizerFile: tokenizerFile) }
        var tokens = BillableTokens.audio(inputMinutes: audioInMin ?? 0, outputMinutes: audioOutMin ?? 0)
        tokens.input = try count?.tokens ?? input.map { try tokenCount($0, "--input") } ?? 0
        tokens.cachedInput = try cached.map { try tokenCount($0, "--cached") } ?? 0
        tokens.cacheWrite = try cacheWrite.map { try tokenCount($0, "--cache-write") } ?? 0
        tokens.reasoning = try reasoning.map { try tokenCount($0, "--reasoning") } ?? 0
        tokens.output = try (output.map { try tokenCount($0, "--output") } ?? 0) + tokens.reasoning
        guard tokens.cachedInput + tokens.cacheWrite <= tokens.input else {
            throw FoundryError.usage("--cached plus --cache-write (\(tokens.cachedInput + tokens.cacheWrite)) exceeds the input (\(tokens.input) tokens)")
        }
        let volume = try requests.map { try tokenCount($0, "--requests") } ?? 1
        let rows = entries.map { EstimateRow(entry: $0, breakdown: CostCalculator.cost(tokens, prices: $0.prices, batch: batch), requests: volume, per: per) }

        if let count { context.output.info("input: \(count.label)") }
        if global.json {
            context.output.line(JSONCoding.string(EstimateReport(tokens: tokens, inputCount: count, requests: volume, per: per?.rawValue, rows: rows), pretty: true))
        } else {
            context.output.line(EstimateTable.render(rows, per: per, width: context.output.width))
            if explain { rows.forEach { context.output.line(EstimateTable.explain($0)) } }
            SourceSummary.print(entries, context: context)
        }
        for row in rows { row.breakdown.assumptions.forEach { context.output.warning("\(row.entry.id): \($0)") } }
        PricedCatalog.warnStale(entries, context: context)
    }
}

struct EstimateRow: Encodable {
    let entry: CatalogEntry
    let breakdown: CostBreakdown
    let requests: Int
    let per: CostEstimateCommand.Period?

    var perRequest: Double { breakdown.usd }
    var total: Double { breakdown.usd * Double(requests) }
    /// With --per day, the month (30 days) too.
    var monthly: Double? { per == .day ? total * 30 : nil }

    enum CodingKeys: String, CodingKey {
        case model, lines, assumptions, requests
        case perRequest = "per_request_usd", total = "total_usd", monthly = "per_month_usd", tierAbove = "tier_above_input_tokens"
        case batchDiscount = "batch_discount", priceSource = "price_source"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.id, forKey: .model)
        try c.encode(breakdown.lines.map { CostLine(what: $0.what, tokens: $0.tokens, pricePerMillion: $0.pricePerMillion, usd: Money.json($0.usd)) }, forKey: .lines)
        try c.encode(breakdown.assumptions, forKey: .assumptions)
        try c.encode(requests, forKey: .requests)
        try c.encode(Money.json(perRequest), forKey: .perRequest)
        try c.encode(Money.json(total), forKey: .total)
        try c.encodeIfPresent(monthly.map(Money.json), forKey: .monthly)
        try c.encodeIfPresent(breakdown.tierAbove, forKey: .tierAbove)
        try c.encodeIfPresent(breakdown.batchDiscount, forKey: .batchDiscount)
        try c.encodeIfPresent(entry.priceSource, forKey: .priceSource)
    }
}

struct EstimateReport: Encodable {
    let tokens: BillableTokens
    let inputCount: PromptTokens?
    let requests: Int
    let per: String?
    let rows: [EstimateRow]
    enum CodingKeys: String, CodingKey { case tokens = "tokens_per_request", inputCount = "input_count", requests, per, rows = "models" }
}

enum EstimateTable {
    static func render(_ rows: [EstimateRow], per: CostEstimateCommand.Period?, width: Int) -> String {
        var columns: [(String, TextTable.Alignment)] = [("MODEL", .left), ("PER REQUEST", .right), ("PER 1K REQUESTS", .right), ("REQUESTS", .right)]
        switch per {
        case .day?: columns += [("PER DAY", .right), ("PER MONTH (30 D)", .right)]
        case .month?: columns += [("PER MONTH", .right)]
        case nil: columns += [("TOTAL", .right)]
        }
        var table = TextTable(columns)
        for r in rows {
            var cells = [r.entry.id, Money.table(r.perRequest), Money.table(r.perRequest * 1000), Count.text(r.requests), Money.table(r.total)]
            if let m = r.monthly { cells.append(Money.table(m)) }
            table.add(cells)
        }
        return table.render(width: width)
    }

    /// The arithmetic, one line per priced component.
    static func explain(_ r: EstimateRow) -> String {
        var lines = ["", "\(r.entry.id):"]
        if let tier = r.breakdown.tierAbove { lines.append("  input above \(Count.text(tier)) tokens: long-context prices apply to the whole request") }
        for l in r.breakdown.lines {
            lines.append("  \(l.what): \(Count.text(l.tokens)) × $\(trim(l.pricePerMillion))/M = $\(String(format: "%.6f", l.usd))")
        }
        let subtotal = r.breakdown.lines.reduce(0) { $0 + $1.usd }
        if let d = r.breakdown.batchDiscount {
            lines.append("  batch discount \(trim(d * 100))%: $\(String(format: "%.6f", subtotal)) × \(trim(1 - d)) = $\(String(format: "%.6f", r.perRequest))")
        }
        lines.append("  per request: $\(String(format: "%.6f", r.perRequest)); × \(Count.text(r.requests)) request\(r.requests == 1 ? "" : "s") = \(Money.table(r.total))"
                     + (r.monthly.map { "; × 30 days = \(Money.table($0))" } ?? ""))
        return lines.joined(separator: "\n")
    }

    static func trim(_ v: Double) -> String {
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
