import ArgumentParser
import Foundation
import FoundryCore
import FoundryCatalog

/// `foundry cost compare`: models side by side, cheapest first for a token mix.
struct CostCompareCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare models by the cost of a token mix (default: 1M tokens at 3:1 input:output).",
        discussion: "Output as a table (stdout), --json, or --csv. Retired models are left out unless --all.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var prices: PriceOptions

    @Option(name: .long, help: ArgumentHelp("Only models with all these capabilities (comma-separated).", valueName: "list"))
    var needs: String?

    @Option(name: .long, help: ArgumentHelp("Only these providers (comma-separated).", valueName: "names"))
    var provider: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Input tokens of the mix.", valueName: "n"))
    var input: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output tokens of the mix.", valueName: "n"))
    var output: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Of the input, tokens read from the prompt cache.", valueName: "n"))
    var cached: String?

    @Flag(name: .long, help: "Print comma-separated values.")
    var csv = false

    @Flag(name: .long, help: "Include retired models.")
    var all = false

    func validate() throws {
        if (input == nil) != (output == nil) { throw ValidationError("give both --input and --output, or neither for the default 3:1 mix") }
        if csv && global.json { throw ValidationError("--csv and --json are exclusive") }
    }

    func run(context: Context) async throws {
        let priced = try PricedCatalog(context: context, options: prices)
        let mix = BillableTokens(
            input: try input.map { try tokenCount($0, "--input") } ?? 750_000,
            cachedInput: try cached.map { try tokenCount($0, "--cached") } ?? 0,
            output: try output.map { try tokenCount($0, "--output") } ?? 250_000)
        guard mix.cachedInput <= mix.input else { throw FoundryError.usage("--cached (\(mix.cachedInput)) exceeds --input (\(mix.input))") }
        let needed = try needs.map(Capability.parseList) ?? []
        let providers = Set(CommaList.parse(provider))
        try priced.catalog.checkProviders(providers.sorted(), flag: "--provider")
        let today = Timestamp.day(Date())
        // The default mix is a blend of a million tokens, not one request: long-context tiers
        // (priced per request) do not apply to it. Given --input, the mix is one request.
        let blend = input == nil
        let costs = priced.catalog.entries
            .filter { (providers.isEmpty || providers.contains($0.provider)) && needed.allSatisfy($0.has) && (all || !$0.isRetired(on: today)) }
            .map { entry -> (entry: CatalogEntry, cost: CostBreakdown) in
                var prices = entry.prices
                if blend { prices.tiers = nil }
                return (entry, CostCalculator.cost(mix, prices: prices))
            }
        let rows = costs.map { (entry: $0.entry, usd: $0.cost.usd) }.sorted { ($0.usd, $0.entry.id) < ($1.usd, $1.entry.id) }
        let tiered = Dictionary(uniqueKeysWithValues: costs.compactMap { row in row.cost.tierAbove.map { (row.entry.id, $0) } })
        guard !rows.isEmpty else { throw FoundryError.usage("no model matches these filters") }

        if global.json {
            let document = CompareReport(mix: mix, rows: rows.map { CompareReport.Row(entry: $0.entry, usd: Money.json($0.usd)) })
            context.output.line(JSONCoding.string(document, pretty: true))
        } else if csv {
            context.output.line("provider,model,id,context_window,input_usd_per_m,cached_input_usd_per_m,output_usd_per_m,mix_cost_usd,price_as_of")
            for (e, usd) in rows {
                let fields = [e.provider, e.model, e.id, String(e.contextWindow), String(e.prices.input),
                              e.prices.cachedInput.map { String($0) } ?? "", String(e.prices.output), String(Money.json(usd)),
                              e.priceSource?.asOf ?? ""]
                context.output.line(fields.map(CSV.field).joined(separator: ","))
            }
        } else {
            var table = TextTable([("PROVIDER", .left), ("MODEL", .left), ("CONTEXT", .right), ("IN $/M", .right),
                                   ("CACHED $/M", .right), ("OUT $/M", .right), ("MIX COST", .right)])
            for (e, usd) in rows {
                table.add([e.provider, e.shortID, Count.text(e.contextWindow),
                           PriceText.perMillion(e.prices.input), PriceText.perMillion(e.prices.cachedInput), PriceText.perMillion(e.prices.output),
                           Money.table(usd) + (tiered[e.id] != nil ? " †" : "")])
            }
            context.output.line(table.render(width: context.output.width))
            let what = blend ? "the default 3:1 blend of a million tokens (base prices: long-context tiers apply per request)" : "one request"
            context.output.info("mix: \(Count.text(mix.input)) input (\(Count.text(mix.cachedInput)) cached) + \(Count.text(mix.output)) output tokens, "
                                + "\(what); USD rounded to cents, two significant digits under a cent")
            for (id, above) in tiered.sorted(by: { $0.key < $1.key }) {
                context.output.info("† \(id): long-context prices, since the input exceeds \(Count.text(above)) tokens")
            }
            SourceSummary.print(rows.map(\.entry), context: context)
        }
        PricedCatalog.warnStale(rows.map(\.entry), context: context)
    }
}

struct CompareReport: Encodable {
    struct Row: Encodable {
        let entry: CatalogEntry
        let usd: Double
        enum CodingKeys: String, CodingKey { case id, provider, model, prices, contextWindow = "context_window", mixCostUSD = "mix_cost_usd", priceSource = "price_source" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(entry.id, forKey: .id)
            try c.encode(entry.provider, forKey: .provider)
            try c.encode(entry.model, forKey: .model)
            try c.encode(entry.prices, forKey: .prices)
            try c.encode(entry.contextWindow, forKey: .contextWindow)
            try c.encode(usd, forKey: .mixCostUSD)
            try c.encodeIfPresent(entry.priceSource, forKey: .priceSource)
        }
    }
    let mix: BillableTokens
    let rows: [Row]
    enum CodingKeys: String, CodingKey { case mix, rows = "models" }
}

/// Prints, on stderr, where the prices shown come from, grouped by source.
enum SourceSummary {
    static func print(_ entries: [CatalogEntry], context: Context) {
        var groups: [String: [CatalogEntry]] = [:]
        for e in entries { groups[e.priceSource.flatMap { $0.url ?? $0.note } ?? "no price source", default: []].append(e) }
        for source in groups.keys.sorted() {
            let members = groups[source]!
            let asOf = Set(members.compactMap { $0.priceSource?.asOf }).sorted()
            let retrieved = Set(members.compactMap { $0.priceSource?.retrieved }).sorted()
            var dates = asOf.isEmpty ? "" : "as of " + (asOf.count == 1 ? asOf[0] : "\(asOf.first!)…\(asOf.last!)")
            if let last = retrieved.last { dates += (dates.isEmpty ? "" : ", ") + "retrieved \(last)" }
            let ids = members.map(\.id)
            context.output.info("prices: \(source) (\(dates)): " + ids.prefix(4).joined(separator: ", ") + (ids.count > 4 ? " and \(ids.count - 4) more" : ""))
        }
    }
}

enum CSV {
    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
