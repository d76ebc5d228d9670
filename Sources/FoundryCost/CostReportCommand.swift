import ArgumentParser
import Foundation
import FoundryCatalog
import FoundryCore
import FoundryGateway

/// `foundry cost report`: real spend from the usage log, grouped, with savings against a baseline.
struct CostReportCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report real spend from the usage log, and the saving against a baseline model.",
        discussion: """
            Reads the usage log ($XDG_STATE_HOME/foundry/usage.jsonl) that route, voice and bench \
            append to. A record's cost is the one logged when the call was made; records without one \
            are priced with today's catalog and marked as repriced. --baseline prices the same tokens \
            on another model: the saving is what routing avoided spending.
            """)

    enum Grouping: String, ExpressibleByArgument, CaseIterable { case model, provider, day, decision, source, key, tag }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var prices: PriceOptions

    @Option(name: .long, help: ArgumentHelp("First day to include (YYYY-MM-DD, UTC).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Last day to include (YYYY-MM-DD, UTC).", valueName: "date"))
    var until: String?

    @Option(name: .long, help: "Group by model, provider, day, decision, source, key (route serve's virtual keys) or tag.")
    var by: Grouping = .model

    @Option(name: .long, help: ArgumentHelp("Price the same tokens on this model for comparison.", valueName: "model"),
            completion: .custom(ModelCompletion.models))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Read this usage log instead of the default one.", valueName: "file"), completion: .file())
    var log: String?

    @Flag(name: .long, help: "Print comma-separated values.")
    var csv = false

    @Option(name: .long, help: ArgumentHelp("Read the usage of every route serve instance on this store (postgres://…) instead of the log.",
                                            valueName: "url"))
    var store: String?

    /// The usage records: from the store's fleet-wide log (--store, a PostgreSQL store), or a file.
    func usage(_ context: Context) async throws -> ([UsageRecord], String) {
        if let text = store ?? (log == nil ? context.environment["FOUNDRY_STORE"] : nil) {
            let opened = try GatewayStores.open(text, paths: context.paths, environment: context.environment)
            if let postgres = opened as? PostgresGatewayStore {
                do {
                    try await postgres.checkSchema()
                    let records = try await PostgresUsageLog.read(postgres, since: since, until: until)
                    await postgres.close()
                    return (records, postgres.location)
                } catch {
                    await postgres.close()
                    throw error
                }
            }
        }
        let file = JSONLFile(path: log ?? context.paths.usageLog)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw FoundryError.failure("no usage log at '\(file.path)' yet: route, voice and bench write it as they run")
        }
        let (all, skipped) = try file.read(UsageRecord.self)
        if skipped > 0 { context.output.warning("'\(file.path)': skipped \(skipped) malformed or incomplete line(s)") }
        return (all, "'\(file.path)'")
    }

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let v = value, !DayText.isDay(v) {
                throw ValidationError("\(flag) must be a date as YYYY-MM-DD, not '\(v)'")
            }
        }
        if let s = since, let u = until, s > u { throw ValidationError("--since \(s) is after --until \(u)") }
        if csv && global.json { throw ValidationError("--csv and --json are exclusive") }
    }

    func run(context: Context) async throws {
        let priced = try PricedCatalog(context: context, options: prices)
        let (all, source) = try await usage(context)
        let records = all.filter { r in
            let day = String(r.time.prefix(10))
            return (since.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
        }
        guard !records.isEmpty else {
            let window = [since.map { "since \($0)" }, until.map { "until \($0)" }].compactMap { $0 }.joined(separator: " ")
            throw FoundryError.failure("no usage recorded in \(source)" + (window.isEmpty ? "" : " \(window)"))
        }
        let baselineEntry = try baseline.map { try priced.catalog.entry(named: $0) }
        let report = SpendReport.build(records, by: by, catalog: priced.catalog, baseline: baselineEntry)
        report.unpriced.forEach { context.output.warning("no price for '\($0)' (not in the catalog): its cost is left out") }

        if global.json {
            context.output.line(JSONCoding.string(report, pretty: true))
        } else if csv {
            context.output.line(SpendTable.csv(report))
        } else {
            context.output.line(SpendTable.render(report, by: by, width: context.output.width))
            context.output.info("log: \(source), \(records.count) record(s)\(report.repriced > 0 ? "; \(report.repriced) repriced with today's catalog" : "")")
            if let b = baselineEntry { context.output.info("baseline: \(PricedCatalog.sourceLine(b))") }
        }
    }
}
