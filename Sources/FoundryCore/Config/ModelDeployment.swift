/// One place a model is served, from `[[deployments]]` in config.toml: several entries naming
/// the same model (as LiteLLM's `model_list` repeats a `model_name`) give it several
/// deployments, and `route` spreads its requests over them. A model no entry names has one
/// deployment: its own provider.
public struct ModelDeployment: Sendable, Equatable {
    /// The catalog model these requests are for, as the config wrote it (an id or a name).
    public var model: String
    /// The deployment's name in decisions and headers (default: the provider's name).
    public var name: String
    /// The `[providers.NAME]` (or built-in provider) that serves it.
    public var provider: String
    /// The model name sent upstream (default: the catalog entry's model).
    public var upstreamModel: String?
    /// The line of its `[[deployments]]` table, for errors.
    public var line: Int

    public init(model: String, name: String? = nil, provider: String, upstreamModel: String? = nil, line: Int = 0) {
        self.model = model
        self.name = name ?? provider
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.line = line
    }
}
