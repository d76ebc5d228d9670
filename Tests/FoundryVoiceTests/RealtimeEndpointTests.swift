import FoundryCore
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// Endpoint URLs and their authentication, without sockets.
@Suite struct RealtimeEndpointTests {
    let config = Config()

    func keys(_ env: [String: String]) -> KeyStore { KeyStore(environment: env) }

    @Test func azureGAUsesTheApiKeyHeaderAndGANames() throws {
        let e = try RealtimeEndpoint.resolve("wss://myres.openai.azure.com/openai/v1/realtime?model=gpt-realtime",
                                             keys: keys(["AZURE_OPENAI_API_KEY": "azkey123"]), config: config)
        #expect(e.kind == .azure && e.dialect == .ga && e.model == "gpt-realtime" && e.provider == "azure")
        #expect(e.headers == ["api-key": "azkey123"])
        #expect(e.credentialSource == "environment variable AZURE_OPENAI_API_KEY")
    }

    @Test func azurePreviewSpeaksBetaAndAcceptsAnEntraToken() throws {
        let e = try RealtimeEndpoint.resolve("https://myres.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt",
                                             keys: keys(["AZURE_OPENAI_AD_TOKEN": "eyJtoken"]), config: config)
        #expect(e.kind == .azurePreview && e.dialect == .beta && e.model == "rt")
        #expect(e.url.hasPrefix("wss://myres.openai.azure.com/openai/realtime?"))
        #expect(e.headers == ["Authorization": "Bearer eyJtoken"])
    }

    @Test func openAIUsesBearerAndTheBetaHeaderOnlyWhenAsked() throws {
        let ga = try RealtimeEndpoint.resolve("wss://api.openai.com/v1/realtime?model=gpt-realtime", keys: keys(["OPENAI_API_KEY": "sk-x"]), config: config)
        #expect(ga.kind == .openAI && ga.dialect == .ga && ga.headers == ["Authorization": "Bearer sk-x"])
        let beta = try RealtimeEndpoint.resolve("wss://api.openai.com/v1/realtime?model=gpt-realtime", keys: keys(["OPENAI_API_KEY": "sk-x"]),
                                                config: config, dialect: .beta)
        #expect(beta.headers["OpenAI-Beta"] == "realtime=v1")
    }

    @Test func anyWebSocketURLNeedsNoKey() throws {
        let e = try RealtimeEndpoint.resolve("ws://127.0.0.1:8765/v1/realtime", keys: keys([:]), config: config)
        #expect(e.kind == .other && e.headers.isEmpty && e.dialect == .ga)
        let keyed = try RealtimeEndpoint.resolve("ws://gw.local/realtime", keys: keys([:]), config: config, bearerVariable: "GW_KEY",
                                                 environment: ["GW_KEY": "gwsecret"])
        #expect(keyed.headers == ["Authorization": "Bearer gwsecret"])
    }

    @Test func mistakesAreUsageErrors() {
        func message(_ url: String, _ env: [String: String] = [:]) -> String? {
            do { _ = try RealtimeEndpoint.resolve(url, keys: keys(env), config: config); return nil } catch let e as FoundryError {
                #expect(e.exitCode == ExitStatus.usage)
                return e.message
            } catch { return "\(error)" }
        }
        #expect(message("wss://myres.openai.azure.com/openai/v1/realtime", ["AZURE_OPENAI_API_KEY": "k"]) == "the Azure OpenAI GA endpoint needs ?model={deployment}")
        #expect(message("wss://myres.openai.azure.com/openai/realtime?deployment=x", ["AZURE_OPENAI_API_KEY": "k"]) == "the Azure OpenAI preview endpoint needs ?api-version=…&deployment=…")
        #expect(message("wss://api.openai.com/v1/realtime?model=gpt-realtime") == "no key for OpenAI")
        #expect(message("http//nope") == "--endpoint 'http//nope' is not a ws://, wss:// or https:// URL")
    }
}
