import ArgumentParser
import Foundation
import FoundryCore
import FoundryProviders

/// `foundry models`: list the catalog, or check that one model answers.
public struct ModelsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models foundry can use, or check that one answers.",
        subcommands: [ModelsListCommand.self, ModelsCheckCommand.self],
        defaultSubcommand: ModelsListCommand.self)

    public init() {}
}

/// `foundry models [list]`: the catalog as a table or JSON, filtered.
struct ModelsListCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models foundry can use, with capabilities and prices.",
        discussion: """
            Shows the embedded catalog, models served by loaded plugins, GGUF files found locally \
            (--models-dir, $XDG_DATA_HOME/foundry/models, the Hugging Face cache) and models from \
            config.toml. Prices are USD per million tokens; every entry names its price source and \
            date (see --json). READY tells whether the model can be called now (key, endpoint, plugin).

            Examples:
              foundry models --needs tools,vision --max-input-price 1
              foundry models --provider azure --json | jq '.[].id'
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Only models of this provider (repeatable or comma-separated).", valueName: "name"),
            completion: .custom(ModelCompletion.providers))
    var provider: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only models with all these capabilities: tools, json, vision, audio, reasoning, streaming, realtime.", valueName: "list"))
    var needs: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Only models whose input price is at most USD per million tokens.", valueName: "usd"))
    var maxInputPrice: Double?

    @Option(name: .long, help: ArgumentHelp("Also look for GGUF files in DIR (repeatable).", valueName: "dir"), completion: .directory)
    var modelsDir: [String] = []

    @Flag(name: .long, help: "Only models that can be called now.")
    var ready = false

    @Flag(name: .long, help: "Include retired models (kept in the catalog to price old usage).")
    var all = false

    func validate() throws {
        if let p = maxInputPrice, p < 0 || !p.isFinite {
            throw ValidationError("--max-input-price must be a non-negative number of USD, not \(p)")
        }
    }

    func run(context: Context) async throws {
        let registry = try ProviderRegistry(context: context, modelsDirectories: modelsDir)
        registry.warnings.forEach { context.output.warning($0) }
        let needed = try needs.map(Capability.parseList) ?? []
        let providers = Set(CommaList.parse(provider))
        try registry.catalog.checkProviders(providers.sorted(), flag: "--provider")
        var entries = registry.catalog.entries.filter { entry in
            (providers.isEmpty || providers.contains(entry.provider))
                && needed.allSatisfy(entry.has)
                && (maxInputPrice.map { entry.prices.input <= $0 } ?? true)
        }
        let today = Timestamp.day(Date())
        if !all { entries = entries.filter { !$0.isRetired(on: today) } }
        if ready { entries = entries.filter { registry.availability(of: $0) == .ready } }
        entries.sort { ($0.provider, $0.prices.input, $0.model) < ($1.provider, $1.prices.input, $1.model) }

        if context.json {
            let rows = entries.map { ModelListing(entry: $0, availability: registry.availability(of: $0)) }
            context.output.line(JSONCoding.string(rows, pretty: true))
            return
        }
        if entries.isEmpty {
            context.output.info("foundry: no model matches these filters")
            return
        }
        context.output.line(ModelTable.render(entries, registry: registry, width: context.output.width))
    }
}

/// One row of `models --json`: the catalog entry plus whether it can be called now.
struct ModelListing: Encodable {
    let entry: CatalogEntry
    let availability: ProviderRegistry.Availability

    func encode(to encoder: any Encoder) throws {
        try entry.encode(to: encoder)
        enum Keys: String, CodingKey { case ready, unavailableReason = "unavailable_reason" }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(availability == .ready, forKey: .ready)
        try c.encodeIfPresent(availability.reason, forKey: .unavailableReason)
    }
}
