import Foundation
import FoundryCore
import FoundryLM
import FoundryPluginHost
import FoundryCatalog

/// Everything foundry can call in this invocation: the assembled catalog (embedded, plugins,
/// local GGUF files, config models and overrides) and a provider for each model.
public struct ProviderRegistry: Sendable {
    public let context: Context
    public let catalog: Catalog
    public let plugins: PluginDiscovery.Outcome
    /// Problems met while assembling that did not stop the command (shown as warnings).
    public let warnings: [String]

    /// Assembles the catalog. A plugin named explicitly (`--plugin`, config) that fails to load
    /// is an error; one found in a plugin directory that fails is a warning.
    public init(context: Context, modelsDirectories: [String] = [], scanLocalFiles: Bool = true) throws {
        self.context = context
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
        // Prices imported with `foundry cost catalog import` replace the embedded ones.
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

    /// Why a model can or cannot be called right now.
    public enum Availability: Sendable, Equatable {
        case ready
        case missingKey([String])
        case missingEndpoint(String)
        case notListening(String)
        case pluginNotLoaded(String)
        case unknownProvider(String)

        public var reason: String? {
            switch self {
            case .ready: nil
            case .missingKey(let vars): "no API key (set \(vars.joined(separator: " or ")))"
            case .missingEndpoint(let v): "no endpoint (set \(v))"
            case .notListening(let url): "nothing listens at \(url) (start it with: foundry run serve MODEL.gguf)"
            case .pluginNotLoaded(let p): "provider '\(p)' is a plugin that is not loaded (use --plugin or FOUNDRY_PLUGIN_PATH)"
            case .unknownProvider(let p): "unknown provider '\(p)'"
            }
        }
    }

    public func availability(of entry: CatalogEntry) -> Availability {
        guard let settings = context.config.providers[entry.provider] else {
            return plugin(named: entry.provider) != nil ? .ready : .unknownProvider(entry.provider)
        }
        if settings.kind == .plugin, plugin(named: entry.provider) == nil { return .pluginNotLoaded(entry.provider) }
        if settings.kind == .azure, context.keys.endpoint(for: settings) == nil {
            return .missingEndpoint(settings.endpointVariable ?? "base_url under [providers.\(settings.name)]")
        }
        if !context.keys.hasUsableKey(for: settings) { return .missingKey(context.keys.keyVariables(for: settings)) }
        if settings.kind == .local, let url = settings.baseURL, !localEndpointListening(url) { return .notListening(url) }
        return .ready
    }

    /// Probed once per URL per invocation: the answer does not change within a command.
    private func localEndpointListening(_ url: String) -> Bool {
        LocalProbeCache.shared.isListening(url)
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

    /// The provider that serves `entry`, or a usage error saying exactly what is missing.
    public func provider(for entry: CatalogEntry) throws -> any ChatProvider {
        let settings = context.config.providers[entry.provider]
            ?? ProviderSettings(name: entry.provider, kind: .plugin)
        let keys = context.keys
        switch settings.kind {
        case .plugin:
            guard let plugin = plugin(named: entry.provider) else {
                throw FoundryError.usage(
                    "provider '\(entry.provider)' is a plugin that is not loaded",
                    hint: "load it with --plugin FILE.so or put it in FOUNDRY_PLUGIN_PATH or \(context.paths.pluginDirectory)")
            }
            return PluginProvider(plugin: plugin, settings: settings, credential: try keys.requireCredential(for: settings), baseURL: settings.baseURL)
        case .openAICompatible, .local:
            guard let base = settings.baseURL else {
                throw FoundryError.usage("provider '\(settings.name)' has no base_url", hint: "set base_url under [providers.\(settings.name)] in config.toml")
            }
            return OpenAICompatibleProvider(settings: settings, baseURL: base, credential: try keys.requireCredential(for: settings))
        case .azure:
            guard let endpoint = keys.endpoint(for: settings) else {
                throw FoundryError.usage(
                    "no endpoint for provider '\(settings.name)'",
                    hint: "set \(settings.endpointVariable ?? "AZURE_OPENAI_ENDPOINT") to https://RESOURCE.openai.azure.com (or base_url under [providers.\(settings.name)])")
            }
            return AzureOpenAIProvider(settings: settings, endpoint: endpoint, credential: try keys.requireCredential(for: settings))
        case .anthropic:
            return AnthropicProvider(
                settings: settings, baseURL: settings.baseURL ?? "https://api.anthropic.com",
                credential: try keys.requireCredential(for: settings))
        }
    }
}
