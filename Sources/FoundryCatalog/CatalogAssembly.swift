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
    /// `[[deployments]]` by catalog id: only models the config gives deployments are here.
    public let deployments: [String: [ModelDeployment]]

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
        deployments = try Self.resolve(context.config.deployments, in: catalog, file: configName)
    }

    /// Deployments keyed by the id of the model they name; an unknown model, or one model given
    /// two deployments of one name under two spellings, is the config's error.
    static func resolve(_ deployments: [ModelDeployment], in catalog: Catalog, file: String) throws -> [String: [ModelDeployment]] {
        var result: [String: [ModelDeployment]] = [:]
        for (index, d) in deployments.enumerated() {
            let entry: CatalogEntry
            do { entry = try catalog.entry(named: d.model) } catch {
                let what = (error as? FoundryError)?.message ?? "unknown model '\(d.model)'"
                throw FoundryError.usage("config '\(file)' line \(d.line): deployments[\(index)].model: \(what)",
                                         hint: (error as? FoundryError)?.hint ?? "name a model 'foundry models' lists, or add it under [[models]]")
            }
            if result[entry.id]?.contains(where: { $0.name == d.name }) == true {
                throw FoundryError.usage("config '\(file)' line \(d.line): deployments[\(index)]: model '\(entry.id)' already has a deployment named '\(d.name)'",
                                         hint: "give one of them another name = \"…\"")
            }
            result[entry.id, default: []].append(d)
        }
        return result
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
