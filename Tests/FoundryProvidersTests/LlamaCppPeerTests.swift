import Foundation
import FoundryCore
import FoundryProviders
import FoundryTestSupport
import Testing

/// The OpenAI-compatible provider against a real peer no one here wrote: llama.cpp's server
/// (llama-cpp-python) serving a GGUF the test generates.
@Suite("OpenAI-compatible provider against llama.cpp's server", .serialized)
struct LlamaCppPeerTests {
    /// Runs `body` with the base URL of a llama.cpp server serving a fresh tiny model.
    func withLlamaServer(_ body: (String) async throws -> Void) async throws {
        guard let python = ReferencePeers.python() else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        let model = dir + "/tiny.gguf"
        try await ReferencePeers.makeModel(python: python, at: model)
        let (server, base) = try await ReferencePeers.startLlamaServer(python: python, model: model)
        defer { ReferencePeers.stop(server); try? FileManager.default.removeItem(atPath: dir) }
        try await body(base)
    }

    @Test("streamed greedy completion equals llama.cpp's own non-streamed answer; unknown routes are typed 404s")
    func streamMatchesServer() async throws {
        try await withLlamaServer { base in
            let provider = OpenAICompatibleProvider(
                settings: ProviderSettings(name: "llamacpp", kind: .openAICompatible), baseURL: base + "/v1", credential: nil)
            let request = ChatRequest(messages: [.user("Tell me about the sea")], temperature: 0, maxTokens: 12)
            let streamed = await collect(provider, request, entry("llamacpp", "tiny"))
            #expect(streamed.error == nil, "\(String(describing: streamed.error))")
            #expect(streamed.events.filter { if case .text = $0 { true } else { false } }.count >= 2, "text arrives in several deltas")
            #expect(streamed.finish == .length)

            // The same request without streaming, straight from the server.
            let body = #"{"model":"tiny","messages":[{"role":"user","content":"Tell me about the sea"}],"temperature":0,"max_tokens":12}"#
            let direct = try await CommandRunner.run(
                "/usr/bin/curl", ["-sf", base + "/v1/chat/completions", "-H", "content-type: application/json", "-d", body])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(direct.stdout.utf8)) as? [String: Any])
            let message = ((json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
            #expect(!streamed.text.isEmpty)
            #expect(streamed.text == message)

            let wrongPath = OpenAICompatibleProvider(
                settings: ProviderSettings(name: "llamacpp", kind: .openAICompatible), baseURL: base + "/nope", credential: nil)
            let notFound = await collect(wrongPath, ChatRequest(messages: [.user("hi")], maxTokens: 2), entry("llamacpp", "tiny"))
            #expect(notFound.providerError?.code == "not_found")
        }
    }
}
