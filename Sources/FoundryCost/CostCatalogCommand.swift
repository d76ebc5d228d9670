import ArgumentParser
import Foundation
import FoundryCore
import FoundryCatalog

/// `foundry cost catalog import FILE`: keep prices from another catalog.
struct CostCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Import price catalogs.", subcommands: [CostCatalogImportCommand.self])
}

struct CostCatalogImportCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import prices from LiteLLM's model_prices_and_context_window.json or a foundry catalog file.",
        discussion: """
            Imported models are kept in $XDG_DATA_HOME/foundry/catalog.json and take precedence over \
            the embedded catalog for the same ids in every command. Unknown fields are ignored; a \
            malformed entry is reported with its key and skipped; entries that are not chat models \
            (embeddings, images, audio transcription) are ignored.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The catalog file.", valueName: "file"), completion: .file(extensions: ["json"]))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The date the prices are valid from (default: the file's modification day).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let d = asOf, !DayText.isDay(d) { throw ValidationError("--as-of must be a date as YYYY-MM-DD, not '\(d)'") }
    }

    func run(context: Context) async throws {
        let result = try CatalogImporter.read(file, asOf: asOf)
        result.problems.forEach { context.output.warning($0) }
        guard !result.entries.isEmpty else {
            throw FoundryError.failure("catalog '\(file)' has no usable chat model entries (\(result.problems.count) malformed)")
        }
        let store = ImportedCatalog.path(context.paths)
        var kept = ImportedCatalog.load(context.paths)
        for entry in result.entries {
            kept.removeAll { $0.id == entry.id }
            kept.append(entry)
        }
        try ImportedCatalog.save(kept.sorted { $0.id < $1.id }, to: store)
        if global.json {
            struct Summary: Encodable {
                let file, format, store: String
                let imported, skipped, ignored: Int
                let models: [String]
            }
            context.output.line(JSONCoding.string(Summary(
                file: file, format: result.format, store: store, imported: result.entries.count, skipped: result.problems.count,
                ignored: result.otherModes, models: result.entries.map(\.id)), pretty: true))
        } else {
            var table = TextTable([("PROVIDER", .left), ("MODEL", .left), ("CONTEXT", .right), ("IN $/M", .right),
                                   ("CACHED $/M", .right), ("OUT $/M", .right), ("TIERS", .left)])
            for e in result.entries {
                table.add([e.provider, e.model, Count.text(e.contextWindow), PriceText.perMillion(e.prices.input), PriceText.perMillion(e.prices.cachedInput),
                           PriceText.perMillion(e.prices.output), (e.prices.tiers ?? []).map { ">\(Count.text($0.aboveInputTokens))" }.joined(separator: ",")])
            }
            context.output.line(table.render(width: context.output.width))
            context.output.info("imported \(result.entries.count) chat model(s) from '\(file)' (\(result.format) format) into '\(store)'; "
                + "\(result.problems.count) malformed entr\(result.problems.count == 1 ? "y" : "ies") skipped, \(result.otherModes) non-chat entries ignored")
        }
    }
}
