import Foundation
import FoundryTestSupport
import Hummingbird
import Testing

/// `foundry route` as a user runs it, against an on-prem OpenAI-compatible server on loopback.
@Suite("foundry route (end to end)")
struct RouteCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    static let stream = [
        #"{"choices":[{"index":0,"delta":{"content":"Paris"},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":" is the capital."},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5}}"#,
    ].map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"

    func server() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.stream, size: 20))
            }
        }
    }

    /// Two on-prem models on the server, priced so that cost limits mean something.
    func config(_ server: LoopbackServer) throws -> String {
        let path = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(server.baseURL)/v1", to: path)
        return path
    }

    @Test("streams the answer, logs the decision and the usage under one id")
    func routed() async throws {
        let server = try await server()
        defer { Task { await server.stop() } }
        let r = try await CommandRunner.foundry(["route", "What is the capital of France?", "--config", try config(server), "--provider", "onprem"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Paris is the capital.\n")
        #expect(r.stderr.contains("route: onprem/"))
        let decisions = try String(contentsOfFile: home + "/state/foundry/decisions.jsonl", encoding: .utf8)
        let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8)
        let decision = try #require(try JSONSerialization.jsonObject(with: Data(decisions.utf8)) as? [String: Any])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(usage.utf8)) as? [String: Any])
        #expect(record["decision_id"] as? String == decision["id"] as? String)
        #expect((record["usage"] as? [String: Any])?["input_tokens"] as? Int == 12)
        #expect((decision["attempts"] as? [[String: Any]])?.first?["outcome"] as? String == "ok")
        #expect(FileManager.default.fileExists(atPath: home + "/state/foundry/latency.json"))
        let sent = try #require(server.recorded.last?.json)
        #expect((sent["messages"] as? [[String: Any]])?.last?["content"] as? String == "What is the capital of France?")
    }

    @Test("--json prints the whole decision and the answer; --dry-run calls nothing")
    func json() async throws {
        let server = try await server()
        defer { Task { await server.stop() } }
        let c = try config(server)
        let dry = try await CommandRunner.foundry(["route", "hi", "--config", c, "--provider", "onprem", "--dry-run", "--json"], home: home)
        #expect(dry.status == 0, "\(dry.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        let decision = try #require(plan["decision"] as? [String: Any])
        #expect((decision["candidates"] as? [[String: Any]])?.count == 2)
        #expect(decision["policy_version"] != nil && decision["quality_model"] != nil && decision["band_floor"] != nil)
        #expect(server.recorded.count == 0)

        let run = try await CommandRunner.foundry(["route", "hi", "--config", c, "--provider", "onprem", "--json"], home: home)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(doc["text"] as? String == "Paris is the capital.")
        #expect(doc["cost_usd"] != nil)
        #expect(doc["finish_reason"] as? String == "stop")
    }

    @Test("stdin prompt and a forced model")
    func stdinAndForced() async throws {
        let server = try await server()
        defer { Task { await server.stop() } }
        let r = try await CommandRunner.foundry(["route", "--config", try config(server), "--model", "onprem/big"], home: home, stdin: "Capital of France?\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("route: onprem/big"))
    }

    @Test("unsatisfiable constraints: exit 3 and, for each model, the constraint and the value that would admit it")
    func unsatisfiable() async throws {
        let server = try await server()
        defer { Task { await server.stop() } }
        let r = try await CommandRunner.foundry(["route", "hi", "--config", try config(server), "--provider", "onprem", "--max-cost", "0.00001", "--max-tokens", "100"], home: home)
        #expect(r.status == 3)
        #expect(r.stderr.contains("foundry: no model satisfies the constraints"))
        #expect(r.stderr.contains("onprem/small: max_cost:"))
        #expect(r.stderr.contains("[admitted by --max-cost 0.000021]"))
        #expect(r.stderr.contains("onprem/big: max_cost:"))
        #expect(r.stdout.isEmpty)
    }

    @Test("no keys at all: exit 3 naming the variables to set")
    func noKeys() async throws {
        let r = try await CommandRunner.foundry(["route", "hi"], home: home)
        #expect(r.status == 3)
        #expect(r.stderr.contains("no model can be called: no provider keys or endpoints are set"))
        #expect(r.stderr.contains("OPENAI_API_KEY") && r.stderr.contains("ANTHROPIC_API_KEY"))
    }

    @Test("a spent daily budget refuses with exit 3")
    func budget() async throws {
        let server = try await server()
        defer { Task { await server.stop() } }
        let r = try await CommandRunner.foundry(["route", "hi", "--config", try config(server), "--provider", "onprem", "--budget-daily", "0"], home: home)
        #expect(r.status == 3)
        #expect(r.stderr.contains("budget:"))
    }

    @Test("bad input", arguments: [
        (["route", "hi", "--prefer", "fast"], Int32(2), "fast"),
        (["route", "hi", "--min-quality", "2"], Int32(2), "--min-quality must be between 0 and 1"),
        (["route", "hi", "--assume-keys"], Int32(2), "--assume-keys plans only"),
        (["route", "hi", "--model", "gpt-4o-mni"], Int32(2), "unknown model 'gpt-4o-mni'"),
        (["route", "hi", "--file", "/nonexistent/notes.txt"], Int32(1), "cannot read '/nonexistent/notes.txt': no such file"),
    ])
    func badInput(arguments: [String], status: Int32, message: String) async throws {
        let r = try await CommandRunner.foundry(arguments, home: home)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }
}
