import ArgumentParser
import Foundation
import FoundryCore
import FoundryPluginHost

/// `foundry plugins`: what was loaded from where, and why anything was refused.
public struct PluginsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List provider plugins, or check one plugin file.",
        discussion: """
            Plugins are .so files exporting foundry_plugin_entry_v1 (see docs/plugins.md). They are \
            found through --plugin FILE, FOUNDRY_PLUGIN_PATH (colon-separated directories) and \
            $XDG_DATA_HOME/foundry/plugins.
            """,
        subcommands: [PluginsListCommand.self, PluginsCheckCommand.self],
        defaultSubcommand: PluginsListCommand.self)

    public init() {}
}

struct PluginsListCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List loaded plugins (file, name, version, ABI, models) and refused files.")

    @OptionGroup var global: GlobalOptions

    func run(context: Context) async throws {
        let discovery = PluginDiscovery(context: context)
        let outcome = discovery.loadAll()
        if context.json {
            context.output.line(JSONCoding.string(PluginReport(outcome), pretty: true))
        } else if outcome.loaded.isEmpty && outcome.refused.isEmpty {
            context.output.info("foundry: no plugins found (searched: \(discovery.directories.joined(separator: ", ")))")
        } else {
            var table = TextTable([("NAME", .left), ("VERSION", .left), ("ABI", .left), ("MODELS", .left), ("FILE", .left)])
            for p in outcome.loaded {
                table.add([p.name, p.version, p.abiVersion, p.models.isEmpty ? "(\(p.modelSummary))" : p.models.map(\.model).joined(separator: ","), p.file])
            }
            if !outcome.loaded.isEmpty { context.output.line(table.render(width: context.output.width)) }
            // A plugin named explicitly is an error below; the rest are warnings.
            for refusal in outcome.refused where !discovery.explicitFiles.contains(refusal.file) { context.output.warning(refusal.description) }
        }
        if let refusal = outcome.refused.first(where: { discovery.explicitFiles.contains($0.file) }) {
            throw FoundryError.failure(refusal.description)
        }
    }
}

struct PluginsCheckCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load one plugin file and report whether it is accepted, and exactly why not.",
        discussion: "Exit status 0 when the plugin is accepted, 1 when it is refused.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The plugin file (.so).", valueName: "file"), completion: .file(extensions: ["so"]))
    var file: String

    func run(context: Context) async throws {
        switch PluginLoader.load(file) {
        case .success(let plugin):
            if context.json {
                context.output.line(JSONCoding.string(PluginReport(PluginDiscovery.Outcome(loaded: [plugin])), pretty: true))
            } else {
                context.output.line("ok: '\(file)' is plugin '\(plugin.name)' \(plugin.version), ABI \(plugin.abiVersion), \(plugin.modelSummary)")
            }
        case .failure(let refusal):
            if context.json {
                context.output.line(JSONCoding.string(PluginReport(PluginDiscovery.Outcome(refused: [refusal])), pretty: true))
            }
            throw FoundryError.failure(refusal.description)
        }
    }
}

/// The JSON shape of `plugins --json`.
struct PluginReport: Encodable {
    struct Loaded: Encodable {
        let file, name, version, abi: String
        let models: [String]
        /// Why there are no models, when the plugin said.
        let noModelsReason: String?
        enum CodingKeys: String, CodingKey { case file, name, version, abi, models, noModelsReason = "no_models_reason" }
    }
    struct Refused: Encodable {
        let file, reason: String
    }
    let loaded: [Loaded]
    let refused: [Refused]

    init(_ outcome: PluginDiscovery.Outcome) {
        loaded = outcome.loaded.map { Loaded(file: $0.file, name: $0.name, version: $0.version, abi: $0.abiVersion, models: $0.models.map(\.id),
                                             noModelsReason: $0.emptyReason) }
        refused = outcome.refused.map { Refused(file: $0.file, reason: $0.reason) }
    }
}
