import Foundation
import FoundryCore
import FoundryPluginHost
import FoundryCatalog

/// Everything foundry can call in this invocation: the assembled catalog (FoundryCatalog's
/// CatalogAssembly: embedded, imported, plugins, local GGUF files, config) and a provider for
/// each model. Commands that only read prices use CatalogAssembly alone.
public struct ProviderRegistry: Sendable {
    public let context: Context
    public let assembly: CatalogAssembly
    public var catalog: Catalog { assembly.catalog }
    public var plugins: PluginDiscovery.Outcome { assembly.plugins }
    /// Problems met while assembling that did not stop the command (shown as warnings).
    public var warnings: [String] { assembly.warnings }

    public init(context: Context, modelsDirectories: [String] = [], scanLocalFiles: Bool = true) throws {
        self.context = context
        assembly = try CatalogAssembly(context: context, modelsDirectories: modelsDirectories, scanLocalFiles: scanLocalFiles)
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

    /// A model with deployments is ready when one of them is; otherwise it says why the first is not.
    public func availability(of entry: CatalogEntry) -> Availability {
        guard let deployments = assembly.deployments[entry.id] else { return availability(ofOne: entry) }
        var first: Availability?
        for d in deployments {
            let state = availability(ofOne: self.entry(entry, at: d))
            if state == .ready { return .ready }
            first = first ?? state
        }
        return first ?? .ready
    }

    private func availability(ofOne entry: CatalogEntry) -> Availability {
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

    public func plugin(named name: String) -> LoadedPlugin? { assembly.plugin(named: name) }

    /// The catalog entry for a model id or name (see CatalogAssembly.entry(named:)).
    public func entry(named name: String) throws -> CatalogEntry { try assembly.entry(named: name) }

    /// Where `entry` is served: its `[[deployments]]`, or its own provider alone.
    public func deployments(of entry: CatalogEntry) -> [ModelDeployment] {
        assembly.deployments[entry.id] ?? [ModelDeployment(model: entry.id, provider: entry.provider)]
    }

    /// The entry as `deployment` serves it: that provider, and that upstream model name.
    public func entry(_ entry: CatalogEntry, at deployment: ModelDeployment) -> CatalogEntry {
        var served = entry
        served.provider = deployment.provider
        if let upstream = deployment.upstreamModel { served.model = upstream }
        return served
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
