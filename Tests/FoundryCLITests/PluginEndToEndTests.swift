import Foundation
import FoundryTestSupport
import Hummingbird
import Testing

/// The two real plugins (.so files built by `swift build`) loaded by the built binary, each
/// completing a streamed call against a loopback server speaking its provider's wire format.
@Suite("plugins (end to end)")
struct PluginEndToEndTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    static let geminiStream = [
        #"{"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":6,"totalTokenCount":6},"modelVersion":"gemini-2.5-flash"}"#,
        #"{"candidates":[{"content":{"parts":[{"text":" from Gemini"}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash"}"#,
        #"{"candidates":[{"content":{"parts":[{"text":"!"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":4,"totalTokenCount":19,"thoughtsTokenCount":9},"modelVersion":"gemini-2.5-flash"}"#,
    ].map { "data: \($0)\r\n\r\n" }.joined()

    func geminiServer() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/v1beta/models/**") { request, _ in
                try await recorder.record(request)
                guard request.headers[.init("x-goog-api-key")!] == "AIzaTestKey-0123456789abcdefghij" else {
                    return StreamedBody.json(#"{"error":{"code":403,"message":"API key not valid. Please pass a valid API key.","status":"PERMISSION_DENIED"}}"#, status: .forbidden)
                }
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.geminiStream, size: 40))
            }
        }
    }

    func geminiConfig(_ server: LoopbackServer) throws -> String {
        let path = home + "/gemini.toml"
        try "[providers.gemini]\nbase_url = \"\(server.baseURL)\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("Gemini plugin (Swift): listed, checked, and streams a call")
    func gemini() async throws {
        let so = TestEnvironment.plugin("FoundryGemini")
        let check = try await CommandRunner.foundry(["plugins", "check", so], home: home)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("is plugin 'gemini' 1.0.0, ABI 1.0"))

        let server = try await geminiServer()
        defer { Task { await server.stop() } }
        let config = try geminiConfig(server)
        let r = try await CommandRunner.foundry(
            ["models", "check", "gemini/gemini-2.5-flash", "--plugin", so, "--config", config, "--prompt", "Say hello"],
            home: home, environment: ["GEMINI_API_KEY": "AIzaTestKey-0123456789abcdefghij"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Hello from Gemini!\n")
        #expect(r.stderr.contains("ok: gemini/gemini-2.5-flash answered"))
        #expect(r.stderr.contains("6 tokens in, 4 out"))
        let sent = try #require(server.recorded.last)
        #expect(sent.uri == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
        let contents = sent.json?["contents"] as? [[String: Any]]
        #expect(contents?.first?["role"] as? String == "user")
        #expect(((contents?.first?["parts"] as? [[String: Any]])?.first?["text"]) as? String == "Say hello")
        #expect((sent.json?["generationConfig"] as? [String: Any])?["maxOutputTokens"] as? Int == 16)

        // The same plugin found through FOUNDRY_PLUGIN_PATH; its models are in the catalog with catalog prices.
        let dir = home + "/plugins"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: so, toPath: dir + "/libFoundryGemini.so")
        let list = try await CommandRunner.foundry(["plugins", "--json"], home: home, environment: ["FOUNDRY_PLUGIN_PATH": dir])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\"gemini/gemini-2.5-pro\""))
        let models = try await CommandRunner.foundry(["models", "--provider", "gemini", "--json"], home: home,
                                               environment: ["FOUNDRY_PLUGIN_PATH": dir, "GEMINI_API_KEY": "AIzaTestKey-0123456789abcdefghij"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(models.stdout.utf8)) as? [[String: Any]])
        let flash = try #require(rows.first { $0["id"] as? String == "gemini/gemini-2.5-flash" })
        #expect(flash["ready"] as? Bool == true)
        #expect((flash["prices"] as? [String: Any])?["output"] as? Double ?? 0 > 0)
    }

    @Test("Gemini plugin: a rejected key is a clear error, exit 4, key not shown")
    func geminiAuth() async throws {
        let server = try await geminiServer()
        defer { Task { await server.stop() } }
        let r = try await CommandRunner.foundry(
            ["models", "check", "gemini/gemini-2.5-flash", "--plugin", TestEnvironment.plugin("FoundryGemini"), "--config", try geminiConfig(server)],
            home: home, environment: ["GEMINI_API_KEY": "AIzaWrongKey-0123456789abcdefghij"])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("authentication failed"))
        #expect(r.stderr.contains("API key not valid"))
        #expect(!r.stderr.contains("0123456789abcdefghij"))
    }

    @Test("Ollama plugin (C): models from /api/tags, NDJSON streaming")
    func ollama() async throws {
        let so = TestEnvironment.plugin("FoundryOllama")
        let lines = [
            #"{"model":"llama3.2:1b","created_at":"2026-11-21T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false}"#,
            #"{"model":"llama3.2:1b","created_at":"2026-11-21T10:00:00Z","message":{"role":"assistant","content":" there"},"done":false}"#,
            #"{"model":"llama3.2:1b","created_at":"2026-11-21T10:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":1000,"prompt_eval_count":11,"eval_count":2}"#,
        ].map { $0 + "\n" }.joined()
        let server = try await LoopbackServer.start { router, recorder in
            router.get("/api/tags") { _, _ in
                StreamedBody.json(#"{"models":[{"name":"llama3.2:1b","model":"llama3.2:1b","size":1321098329,"details":{"family":"llama","parameter_size":"1.2B"}}]}"#, status: .ok)
            }
            router.post("/api/show") { _, _ in
                StreamedBody.json(#"{"model_info":{"general.architecture":"llama","llama.context_length":131072}}"#, status: .ok)
            }
            router.post("/api/chat") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "application/x-ndjson", chunks: StreamedBody.split(lines, size: 33))
            }
        }
        defer { Task { await server.stop() } }
        let env = ["OLLAMA_HOST": "127.0.0.1:\(server.port)"]
        let r = try await CommandRunner.foundry(["models", "check", "ollama/llama3.2:1b", "--plugin", so], home: home, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Hi there\n")
        #expect(r.stderr.contains("11 tokens in, 2 out"))
        let sent = try #require(server.recorded.last?.json)
        #expect(sent["model"] as? String == "llama3.2:1b")
        #expect(sent["stream"] as? Bool == true)
        #expect((sent["options"] as? [String: Any])?["num_predict"] as? Int == 16)

        let list = try await CommandRunner.foundry(["plugins", "--plugin", so], home: home, environment: env)
        #expect(list.status == 0)
        #expect(list.stdout.contains("ollama") && list.stdout.contains("llama3.2:1b"))
    }

    @Test("a broken plugin is refused with its reason by `plugins check`, exit 1")
    func broken() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let so = dir + "/libbroken.so"
        try "#include <stdint.h>\nint not_a_plugin(void) { return 1; }\n".write(toFile: dir + "/b.c", atomically: true, encoding: .utf8)
        let cc = try await CommandRunner.run("/usr/bin/cc", ["-shared", "-fPIC", "-o", so, dir + "/b.c"])
        #expect(cc.status == 0)
        let r = try await CommandRunner.foundry(["plugins", "check", so], home: home)
        #expect(r.status == 1)
        #expect(r.stderr.contains("refused: missing entry symbol foundry_plugin_entry_v1"))
        // Found in a plugin directory, it is a warning and the command goes on.
        let models = try await CommandRunner.foundry(["models", "--provider", "openai"], home: home, environment: ["FOUNDRY_PLUGIN_PATH": dir])
        #expect(models.status == 0)
        #expect(models.stderr.contains("warning: plugin '\(so)' refused"))
    }
}
