import AsyncHTTPClient
import FoundryCore
import FoundryOpenAIWire

/// Chat completions from any OpenAI-compatible endpoint: OpenAI, Mistral, vLLM, llama.cpp's
/// server, Ollama's /v1, and foundry's own `run serve` (the `local` provider).
public struct OpenAICompatibleProvider: WireChatProvider {
    public let settings: ProviderSettings
    public let baseURL: String
    public let credential: Credential?

    public init(settings: ProviderSettings, baseURL: String, credential: Credential?) {
        self.settings = settings
        self.baseURL = baseURL
        self.credential = credential
    }

    public var name: String { settings.name }

    public func wireCall(_ request: ChatRequest, model entry: CatalogEntry) -> WireChatCall {
        let call = StreamingCall(provider: name, model: entry.model, timeouts: settings.timeouts, keyVariable: settings.apiKeyVariable)
        // OpenAI's own API wants max_completion_tokens (required by reasoning models); other
        // servers implement the older max_tokens.
        let field: ChatRequestBody.MaxTokensField = settings.name == "openai" ? .maxCompletionTokens : .maxTokens
        var headers = settings.headers.map { ($0.key, $0.value) }
        if let credential { headers.append(("authorization", "Bearer \(credential.value)")) }
        return WireChatCall(call: call, url: StreamingCall.join(baseURL, "chat/completions"),
                            body: ChatRequestBody.json(request, model: entry.model, maxTokensField: field), headers: headers, request: request,
                            decoder: OpenAIChatWire.Decoder(call: call))
    }
}
