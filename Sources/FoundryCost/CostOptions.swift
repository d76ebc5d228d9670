import ArgumentParser
import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// Options shared by the cost subcommands: where prices come from.
struct PriceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Price from this catalog file too (LiteLLM's model_prices_and_context_window.json or foundry's format); it overrides matching models.",
        valueName: "file"), completion: .file(extensions: ["json"]))
    var catalog: String?
}

/// The catalog every cost command prices with, and the staleness warnings it carries.
struct PricedCatalog {
    let catalog: Catalog
    let registry: ProviderRegistry

    init(context: Context, options: PriceOptions) throws {
        registry = try ProviderRegistry(context: context, scanLocalFiles: false)
        var catalog = registry.catalog
        if let file = options.catalog {
            let imported = try CatalogImporter.read(file)
            imported.problems.forEach { context.output.warning($0) }
            for entry in imported.entries { catalog.upsert(entry) }
        }
        self.catalog = catalog
    }

    /// Warns once about every shown model whose prices were last confirmed more than 90 days ago.
    static func warnStale(_ entries: [CatalogEntry], context: Context, today: Date = Date()) {
        let stale = entries.filter { Self.age(of: $0, today: today).map { $0 > 90 } ?? false }
        guard !stale.isEmpty else { return }
        let names = stale.prefix(6).map { "\($0.id) (\(Self.sourceDate($0) ?? "?"))" }.joined(separator: ", ")
        context.output.warning("prices older than 90 days: \(names)\(stale.count > 6 ? " and \(stale.count - 6) more" : "")")
    }

    /// The day the price was last confirmed: when it was retrieved, else when it took effect.
    static func sourceDate(_ entry: CatalogEntry) -> String? {
        entry.priceSource.map { $0.retrieved ?? $0.asOf }
    }

    static func age(of entry: CatalogEntry, today: Date) -> Int? {
        guard let day = sourceDate(entry), let date = Timestamp.parse(day + "T00:00:00Z") else { return nil }
        return Int(today.timeIntervalSince(date) / 86_400)
    }

    /// "source: URL, DATE" for reports.
    static func sourceLine(_ entry: CatalogEntry) -> String {
        guard let s = entry.priceSource else { return "\(entry.id): no price source" }
        return "\(entry.id): \(s.url ?? s.note ?? "no URL"), as of \(s.asOf)" + (s.retrieved.map { ", retrieved \($0)" } ?? "")
    }
}

/// Parses a token count given on the command line.
func tokenCount(_ text: String, _ flag: String) throws -> Int {
    guard let n = Int(text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")), n >= 0 else {
        throw ValidationError("\(flag) must be a non-negative whole number of tokens, not '\(text)'")
    }
    return n
}
