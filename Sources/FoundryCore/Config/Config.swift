/// Everything config.toml can say, with built-in defaults where it says nothing.
public struct Config: Sendable {
    /// The file this came from, if any.
    public var path: String?
    public var defaults: Defaults
    public var providers: [String: ProviderSettings]
    /// `[[models]]`: models added by the user.
    public var models: [CatalogEntry]
    /// `[overrides."provider/model"]`: partial catalog entries applied over known ones.
    public var overrides: [(id: String, patch: [String: JSONValue], line: Int)]
    /// `[[deployments]]`: where models are served when they have more than one place, in order.
    public var deployments: [ModelDeployment] = []

    public struct Defaults: Sendable, Equatable {
        public var prefer: String?
        public var maxTokens: Int?
        public var region: String?
        public var budgetDailyUSD: Double?
        public var modelsDirectories: [String]
        public var plugins: [String]

        public init(prefer: String? = nil, maxTokens: Int? = nil, region: String? = nil, budgetDailyUSD: Double? = nil, modelsDirectories: [String] = [], plugins: [String] = []) {
            self.prefer = prefer
            self.maxTokens = maxTokens
            self.region = region
            self.budgetDailyUSD = budgetDailyUSD
            self.modelsDirectories = modelsDirectories
            self.plugins = plugins
        }
    }

    public init(path: String? = nil, defaults: Defaults = Defaults(), providers: [String: ProviderSettings]? = nil, models: [CatalogEntry] = [], overrides: [(id: String, patch: [String: JSONValue], line: Int)] = []) {
        self.path = path
        self.defaults = defaults
        self.providers = providers ?? Dictionary(uniqueKeysWithValues: ProviderSettings.builtIn.map { ($0.name, $0) })
        self.models = models
        self.overrides = overrides
    }

    /// The settings of a provider; unknown names are a usage error listing the known ones.
    public func provider(_ name: String) throws -> ProviderSettings {
        if let p = providers[name] { return p }
        throw FoundryError.usage(
            "unknown provider '\(name)'",
            hint: "known providers: " + providers.keys.sorted().joined(separator: ", ") + " (add others under [providers.NAME] in config.toml)")
    }
}
