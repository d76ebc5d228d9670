/// How foundry reaches one provider: its kind of API, endpoint, key and timeouts.
/// Built-in defaults exist for the well-known providers; `[providers.NAME]` in config.toml
/// changes them or adds new ones (e.g. an on-prem vLLM server).
public struct ProviderSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case openAICompatible = "openai-compatible"
        case azure
        case anthropic
        case local
        case plugin
    }

    /// Which Azure endpoint shape to call.
    public enum AzureAPI: String, Sendable, CaseIterable {
        /// `{endpoint}/openai/v1/chat/completions`, model in the body.
        case v1
        /// `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…`.
        case deployment
        /// Azure AI Foundry model inference: `{endpoint}/models/chat/completions?api-version=…`.
        case inference
    }

    public var name: String
    public var kind: Kind
    public var baseURL: String?
    /// Environment variable holding the key.
    public var apiKeyVariable: String?
    /// A key from the config file (only accepted when the file is private to its owner).
    public var apiKey: String?
    /// Azure: environment variable holding an Entra ID bearer token.
    public var bearerTokenVariable: String?
    /// Azure: environment variable holding the endpoint when `baseURL` is unset.
    public var endpointVariable: String?
    public var azureAPI: AzureAPI
    public var apiVersion: String?
    /// Azure deployment names by model name (default: the model name).
    public var deployments: [String: String]
    /// Extra HTTP headers (e.g. an on-prem gateway's routing header).
    public var headers: [String: String]
    public var location: Location?
    public var timeouts: Timeouts

    public init(
        name: String, kind: Kind, baseURL: String? = nil, apiKeyVariable: String? = nil, apiKey: String? = nil,
        bearerTokenVariable: String? = nil, endpointVariable: String? = nil, azureAPI: AzureAPI = .v1,
        apiVersion: String? = nil, deployments: [String: String] = [:], headers: [String: String] = [:],
        location: Location? = nil, timeouts: Timeouts = .default
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.apiKeyVariable = apiKeyVariable
        self.apiKey = apiKey
        self.bearerTokenVariable = bearerTokenVariable
        self.endpointVariable = endpointVariable
        self.azureAPI = azureAPI
        self.apiVersion = apiVersion
        self.deployments = deployments
        self.headers = headers
        self.location = location
        self.timeouts = timeouts
    }

    /// The providers foundry knows without any configuration.
    public static let builtIn: [ProviderSettings] = [
        ProviderSettings(name: "openai", kind: .openAICompatible, baseURL: "https://api.openai.com/v1", apiKeyVariable: "OPENAI_API_KEY"),
        ProviderSettings(
            name: "azure", kind: .azure, apiKeyVariable: "AZURE_OPENAI_API_KEY", bearerTokenVariable: "AZURE_OPENAI_AD_TOKEN",
            endpointVariable: "AZURE_OPENAI_ENDPOINT", azureAPI: .v1),
        ProviderSettings(name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com", apiKeyVariable: "ANTHROPIC_API_KEY"),
        ProviderSettings(name: "mistral", kind: .openAICompatible, baseURL: "https://api.mistral.ai/v1", apiKeyVariable: "MISTRAL_API_KEY"),
        ProviderSettings(name: "gemini", kind: .plugin, apiKeyVariable: "GEMINI_API_KEY"),
        ProviderSettings(name: "ollama", kind: .plugin, location: .local),
        ProviderSettings(name: "local", kind: .local, baseURL: "http://127.0.0.1:8081/v1", location: .local),
    ]
}
