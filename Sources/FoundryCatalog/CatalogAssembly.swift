import Foundation
import FoundryCore
import FoundryPluginHost

/// The catalog of one invocation, assembled from every source in order: the embedded catalog,
/// prices imported with `foundry cost catalog import`, the models of loaded plugins, GGUF files
/// on this machine, the config's models and its overrides. Reading prices needs nothing more:
/// no provider is built and the engine is not involved (a GGUF file's header is all it reads).
public struct CatalogAssembly: Sendable {
    public let catalog: Catalog
    public let plugins: PluginDiscovery.Outcome
    /// Problems met while assembling that did not stop the command (shown as warnings).
    public let warnings: [String]

    /// A plugin named explicitly (`--plugin`, config) that fails to load is an error; one found
    /// in a plugin directory that fails is a warning.
    public init(context: Context, modelsDirectories: [String] = [], scanLocalFiles: Bool = true) throws {
        let discovery = PluginDiscovery(context: context)
        let outcome = discovery.loadAll()
        var warnings: [String] = []
        for refusal in outcome.refused {
            if discovery.explicitFiles.contains(refusal.file) {
                throw FoundryError.usage(refusal.description, hint: "run 'foundry plugins check \(refusal.file)' for details")
            }
            warnings.append(refusal.description)
        }
        plugins = outcome

        var catalog = Catalog.embedded()
        for entry in ImportedCatalog.load(context.paths) { catalog.upsert(entry) }
        for plugin in outcome.loaded { catalog.add(plugin.models) }
        if scanLocalFiles {
            let dirs = LocalModelScanner.defaultDirectories(context: context, extra: modelsDirectories)
            let local = LocalModelScanner(directories: dirs).scan()
            catalog.add(local.entries)
            warnings += local.problems
        }
        for model in context.config.models { catalog.upsert(model) }
        let configName = context.config.path ?? "config"
        for override in context.config.overrides {
            try catalog.override(id: override.id, with: override.patch, what: "config '\(configName)' line \(override.line)")
        }
        self.catalog = catalog
        self.warnings = warnings
    }

    public func plugin(named name: String) -> LoadedPlugin? { plugins.loaded.first { $0.name == name } }

    /// The catalog entry for a model id or name; for an id of a plugin provider that lists no
    /// models, the error says why the plugin has none (its server is down) instead of
    /// suggesting unrelated models.
    public func entry(named name: String) throws -> CatalogEntry {
        do { return try catalog.entry(named: name) } catch {
            guard let slash = name.firstIndex(of: "/"), let plugin = plugin(named: String(name[..<slash])), plugin.models.isEmpty else { throw error }
            throw FoundryError.usage("model '\(name)' is not available: the \(plugin.name) plugin lists no models",
                                     hint: plugin.emptyReason ?? "the plugin returned an empty catalog")
        }
    }
}
