import Foundation
import AsyncHTTPClient
import FoundryCore
import FoundryOpenAIWire

/// Azure OpenAI in its three shapes: the v1 endpoint, the deployment endpoint with an
/// api-version, and Azure AI Foundry's model inference endpoint. Authenticates with the
/// `api-key` header or an Entra ID bearer token.
public struct AzureOpenAIProvider: WireChatProvider {
    public let settings: ProviderSettings
    public let endpoint: String
    public let credential: Credential?

    public init(settings: ProviderSettings, endpoint: String, credential: Credential?) {
        self.settings = settings
        self.endpoint = endpoint
        self.credential = credential
    }

    public var name: String { settings.name }

    /// The deployment name for a model (config `deployments` table, else the model name).
    public func deployment(for model: String) -> String { settings.deployments[model] ?? model }

    /// The URL and whether the body names the model.
    public func url(for model: String) -> (url: String, modelInBody: Bool) {
        let version = settings.apiVersion ?? "2024-10-21"
        switch settings.azureAPI {
        case .v1:
            return (StreamingCall.join(endpoint, "openai/v1/chat/completions"), true)
        case .deployment:
            let name = deployment(for: model).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
            return (StreamingCall.join(endpoint, "openai/deployments/\(name)/chat/completions") + "?api-version=\(version)", false)
        case .inference:
            let inferenceVersion = settings.apiVersion ?? "2024-05-01-preview"
            return (StreamingCall.join(endpoint, "models/chat/completions") + "?api-version=\(inferenceVersion)", true)
        }
    }

    public func wireCall(_ request: ChatRequest, model entry: CatalogEntry) -> WireChatCall {
        let keyVariable = credential?.scheme == .bearer ? settings.bearerTokenVariable : settings.apiKeyVariable
        let call = StreamingCall(provider: name, model: entry.model, timeouts: settings.timeouts, keyVariable: keyVariable)
        let target = url(for: entry.model)
        var headers = settings.headers.map { ($0.key, $0.value) }
        switch credential?.scheme {
        case .apiKey?: headers.append(("api-key", credential!.value))
        case .bearer?: headers.append(("authorization", "Bearer \(credential!.value)"))
        case nil: break
        }
        let body = ChatRequestBody.json(
            request, model: target.modelInBody ? deployment(for: entry.model) : nil,
            maxTokensField: settings.azureAPI == .inference ? .maxTokens : .maxCompletionTokens)
        return WireChatCall(call: call, url: target.url, body: body, headers: headers, request: request,
                            decoder: OpenAIChatWire.Decoder(call: call))
    }
}
