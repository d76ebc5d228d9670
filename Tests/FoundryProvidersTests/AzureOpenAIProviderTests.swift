import Foundation
import FoundryCore
import FoundryProviders
import FoundryTestSupport
import Hummingbird
import Testing

@Suite("Azure OpenAI provider: v1, deployment and model-inference endpoints")
struct AzureOpenAIProviderTests {
    static let body = sse([
        #"{"choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}"#,
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null,"content_filter_results":{}}],"model":"gpt-5-mini"}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}],"model":"gpt-5-mini"}"#,
        #"{"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":1,"total_tokens":12}}"#,
    ])

    func serve() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.body, size: 11))
            }
            router.post("/openai/v1/chat/completions", use: handler)
            router.post("/openai/deployments/:name/chat/completions", use: handler)
            router.post("/models/chat/completions", use: handler)
        }
    }

    func provider(_ server: LoopbackServer, api: ProviderSettings.AzureAPI, bearer: Bool = false) -> AzureOpenAIProvider {
        var settings = ProviderSettings.builtIn.first { $0.name == "azure" }!
        settings.azureAPI = api
        settings.deployments = ["gpt-5-mini": "prod-mini"]
        let env = bearer ? ["AZURE_OPENAI_AD_TOKEN": "eyJ0eXAiOiJKV1QiLCJhbGciOi.token"] : ["AZURE_OPENAI_API_KEY": "0123456789abcdef0123456789abcdef"]
        let keys = KeyStore(environment: env)
        return AzureOpenAIProvider(settings: settings, endpoint: server.baseURL + "/", credential: keys.credential(for: settings))
    }

    @Test("v1 endpoint: model in the body, api-key header")
    func v1() async throws {
        let server = try await serve()
        defer { Task { await server.stop() } }
        let result = await collect(provider(server, api: .v1), sampleRequest, entry("azure", "gpt-5-mini"))
        #expect(result.error == nil)
        #expect(result.text == "Hi")
        #expect(result.finish == .contentFilter)
        #expect(result.usage?.inputTokens == 11)
        let sent = try #require(server.recorded.last)
        #expect(sent.uri == "/openai/v1/chat/completions")
        #expect(sent.headers["api-key"] == "0123456789abcdef0123456789abcdef")
        #expect(sent.json?["model"] as? String == "prod-mini")
        #expect(sent.json?["max_completion_tokens"] as? Int == 64)
    }

    @Test("deployment endpoint with api-version and an Entra bearer token")
    func deployment() async throws {
        let server = try await serve()
        defer { Task { await server.stop() } }
        let result = await collect(provider(server, api: .deployment, bearer: true), sampleRequest, entry("azure", "gpt-5-mini"))
        #expect(result.error == nil)
        let sent = try #require(server.recorded.last)
        #expect(sent.uri == "/openai/deployments/prod-mini/chat/completions?api-version=2024-10-21")
        #expect(sent.headers["authorization"] == "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.token")
        #expect(sent.headers["api-key"] == nil)
        #expect(sent.json?["model"] == nil)
    }

    @Test("Azure AI Foundry model inference endpoint")
    func inference() async throws {
        let server = try await serve()
        defer { Task { await server.stop() } }
        let result = await collect(provider(server, api: .inference), sampleRequest, entry("azure", "gpt-5-mini"))
        #expect(result.error == nil)
        let sent = try #require(server.recorded.last)
        #expect(sent.uri == "/models/chat/completions?api-version=2024-05-01-preview")
        #expect(sent.json?["model"] as? String == "prod-mini")
        #expect(sent.json?["max_tokens"] as? Int == 64)
    }

    @Test("unknown deployment: 404 in Azure's error shape; 401 names both key variables' source")
    func errors() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/openai/v1/chat/completions") { request, _ in
                if request.headers[.init("api-key")!] != nil {
                    return StreamedBody.json(#"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}"#, status: .notFound)
                }
                return StreamedBody.json(#"{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}"#, status: .unauthorized)
            }
        }
        defer { Task { await server.stop() } }
        let notFound = await collect(provider(server, api: .v1), sampleRequest, entry("azure", "gpt-5-mini"))
        #expect(notFound.providerError?.code == "not_found")
        #expect(notFound.providerError?.description.contains("deployment for this resource does not exist") == true)
        let denied = await collect(provider(server, api: .v1, bearer: true), sampleRequest, entry("azure", "gpt-5-mini"))
        #expect(denied.providerError?.code == "auth")
        #expect(denied.providerError?.description.contains("AZURE_OPENAI_AD_TOKEN") == true)
    }
}
