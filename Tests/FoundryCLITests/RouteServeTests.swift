import Foundation
import FoundryTestSupport
import Hummingbird
import Synchronization
import Testing

/// `foundry route serve` as a real server process, used by the official openai Python SDK.
@Suite("foundry route serve (end to end)", .serialized)
struct RouteServeTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    /// Counts the requests "/busy" has answered: the first two get a 503.
    final class Counter: Sendable {
        private let count = Mutex(0)
        func next() -> Int { count.withLock { $0 += 1; return $0 } }
    }
    let busy = Counter()

    /// An upstream OpenAI-compatible server; "/slow" streams a word every 200 ms, "/cut" drops
    /// the connection after two words, "/busy" refuses its first two requests with a 503.
    func upstream() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/:kind/v1/chat/completions") { request, context in
                try await recorder.record(request)
                if context.parameters.get("kind") == "busy", busy.next() <= 2 {
                    return StreamedBody.json(#"{"error":{"message":"server busy"}}"#, status: .serviceUnavailable, headers: [.retryAfter: "0"])
                }
                let slow = context.parameters.get("kind") == "slow"
                let words = slow ? ["one ", "two ", "three ", "four ", "five ", "six "] : ["Paris", " is the capital."]
                let events = words.map { #"{"choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# }
                    + [#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5}}"#]
                return StreamedBody.response(contentType: "text/event-stream",
                                             chunks: events.map { "data: \($0)\n\n" } + ["data: [DONE]\n\n"], pause: .milliseconds(slow ? 200 : 2),
                                             cutAfter: context.parameters.get("kind") == "cut" ? 2 : nil)
            }
        }
    }

    func config(_ upstream: LoopbackServer, kind: String = "fast") throws -> String {
        let path = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/\(kind)/v1", to: path)
        return path
    }

    /// Starts the server on a free port and returns it with its base URL.
    func serve(_ config: String) throws -> (Process, String) {
        try ServerProcess.start(["route", "serve", "--port", "0", "--config", config],
                                environment: TestEnvironment.isolated(home: home),
                                timeout: 30)
    }

    /// An upstream of `kind` and `route serve` in front of it, both stopped after `body`.
    func withServer(kind: String = "fast", _ body: (Process, String) async throws -> Void) async throws {
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let (server, base) = try serve(try config(upstream, kind: kind))
        defer { ReferencePeers.stop(server) }
        try await body(server, base)
    }

    @Test("the openai SDK streams a routed completion; headers, decisions, models and metrics")
    func openAISDK() async throws {
        guard let python = ReferencePeers.python() else { return }
        try await withServer { _, base in
            let script = """
                import json, sys
                from openai import OpenAI
                client = OpenAI(base_url=sys.argv[1] + "/v1", api_key="not-needed")
                raw = client.chat.completions.with_raw_response.create(
                    model="auto", messages=[{"role": "user", "content": "What is the capital of France?"}],
                    stream=True, stream_options={"include_usage": True}, extra_headers={"x-foundry-prefer": "cost"})
                text, model, usage = "", None, None
                for chunk in raw.parse():
                    model = chunk.model
                    if chunk.choices and chunk.choices[0].delta.content:
                        text += chunk.choices[0].delta.content
                    if chunk.usage:
                        usage = chunk.usage.total_tokens
                forced = client.chat.completions.create(model="onprem/big", messages=[{"role": "user", "content": "hi"}],
                                                        extra_body={"foundry": {"max_cost": 1}})
                print(json.dumps({"text": text, "model": model, "usage": usage, "header_model": raw.headers.get("x-foundry-model"),
                                  "decision": raw.headers.get("x-foundry-decision-id"), "reason": raw.headers.get("x-foundry-reason"),
                                  "forced_model": forced.model, "forced_text": forced.choices[0].message.content,
                                  "forced_usage": forced.usage.total_tokens}))
                """
            let r = try await CommandRunner.run(python, ["-c", script, base], inheritEnvironment: true)
            #expect(r.status == 0, "\(r.stderr)")
            let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(out["text"] as? String == "Paris is the capital.")
            #expect(out["model"] as? String == "onprem/small", "prefer cost picks the cheaper model")
            #expect(out["header_model"] as? String == "onprem/small")
            #expect(out["usage"] as? Int == 17)
            #expect((out["reason"] as? String)?.contains("prefer=cost") == true)
            #expect(out["forced_model"] as? String == "onprem/big")
            #expect(out["forced_text"] as? String == "Paris is the capital.")

            let id = try #require(out["decision"] as? String)
            let decision = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/v1/decisions/" + id])
            #expect(decision.stdout.contains("\"chosen\" : \"onprem/small\""))
            let models = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/v1/models"])
            #expect(models.stdout.contains("\"auto\"") && models.stdout.contains("onprem/big"))
            let metrics = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/metrics"])
            #expect(metrics.stdout.contains(#"foundry_route_requests_total{model="onprem/small",status="ok"} 1"#))
            let bad = try await CommandRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/v1/chat/completions", "-d", "{\"messages\": 3}"])
            #expect(bad.stdout == "400")
            let unsatisfiable = try await CommandRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", base + "/v1/chat/completions",
                                                                               "-H", "x-foundry-max-cost: 0", "-d", #"{"model":"auto","messages":[{"role":"user","content":"hi"}]}"#])
            #expect(unsatisfiable.stdout.hasSuffix("422"))
            #expect(unsatisfiable.stdout.contains("no_model_satisfies_constraints"))
        }
    }

    @Test("SIGTERM drains an in-flight stream before the server exits")
    func drain() async throws {
        try await withServer(kind: "slow") { server, base in
            let body = #"{"model":"auto","stream":true,"messages":[{"role":"user","content":"count"}]}"#
            async let streamed = CommandRunner.run("/usr/bin/curl", ["-sN", base + "/v1/chat/completions", "-d", body])
            try await Task.sleep(for: .milliseconds(700))
            kill(server.processIdentifier, SIGTERM)
            let result = try await streamed
            #expect(result.stdout.contains("six"), "the stream finished: \(result.stdout.suffix(200))")
            #expect(result.stdout.hasSuffix("data: [DONE]\n\n"))
            server.waitUntilExit()
            #expect(server.terminationStatus == 0)
            // Logs are written off the request path; a drained server leaves them complete.
            let decisions = try String(contentsOfFile: home + "/state/foundry/decisions.jsonl", encoding: .utf8)
            #expect(decisions.contains(#""outcome":"ok""#), "the drained stream's decision is logged: \(decisions.suffix(300))")
            let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8)
            #expect(usage.contains(#""source":"route-serve""#))
        }
    }

    @Test("an upstream cut after the first token ends the stream with an error event, no [DONE], and is logged")
    func cutMidStream() async throws {
        try await withServer(kind: "cut") { _, base in
            let body = #"{"model":"auto","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let result = try await CommandRunner.run("/usr/bin/curl", ["-sN", "-D", "-", base + "/v1/chat/completions", "-d", body])
            #expect(result.stdout.contains("200 OK"), "the answer had started: \(result.stdout.prefix(300))")
            #expect(result.stdout.contains(#""content":"Paris""#) && result.stdout.contains(#""content":" is the capital.""#))
            #expect(result.stdout.contains(#""code":"upstream_failed""#) && result.stdout.contains("failed after the first token"))
            #expect(!result.stdout.contains("[DONE]"))
            let id = try #require(result.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-foundry-decision-id:") }?
                .split(separator: " ").last.map(String.init))
            let decision = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/v1/decisions/" + id])
            #expect(decision.stdout.contains(#""outcome" : "stream_cut""#), "\(decision.stdout.suffix(400))")
            let metrics = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/metrics"])
            #expect(metrics.stdout.contains(#"status="cut"} 1"#), "\(metrics.stdout)")
        }
    }

    @Test("a model that fails before its first token is retried once, then the stream falls back to the next candidate")
    func fallbackBeforeFirstToken() async throws {
        try await withServer(kind: "busy") { _, base in
            let body = #"{"model":"auto","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let result = try await CommandRunner.run("/usr/bin/curl", ["-sN", "-D", "-", base + "/v1/chat/completions",
                                                                        "-H", "x-foundry-prefer: cost", "-d", body])
            #expect(result.stdout.contains("200 OK"), "\(result.stdout.prefix(300))")
            #expect(result.stdout.lowercased().contains("x-foundry-model: onprem/big"), "the header names the model that answered")
            #expect(result.stdout.contains(#""content":"Paris""#) && result.stdout.hasSuffix("data: [DONE]\n\n"))
            let id = try #require(result.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-foundry-decision-id:") }?
                .split(separator: " ").last.map(String.init))
            let decision = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/v1/decisions/" + id])
            let record = try #require(try JSONSerialization.jsonObject(with: Data(decision.stdout.utf8)) as? [String: Any])
            let attempts = try #require(record["attempts"] as? [[String: Any]])
            #expect(attempts.map { $0["model"] as? String } == ["onprem/small", "onprem/small", "onprem/big"], "\(attempts)")
            #expect(attempts.map { $0["outcome"] as? String } == ["server", "server", "ok"], "\(attempts)")
            #expect((attempts.first?["detail"] as? String)?.contains("server busy") == true)
        }
    }

    @Test("pipelined requests on one connection are answered in order, streamed ones by the relay and the rest by the router")
    func pipelined() async throws {
        try await withServer { _, base in
            // Three requests in one write: a stream, a model list, and a stream that closes the connection.
            let script = #"""
                import socket, sys
                host, port = sys.argv[1].rsplit("//", 1)[1].split(":")
                body = b'{"model":"auto","stream":true,"messages":[{"role":"user","content":"hi"}]}'
                post = lambda extra: (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra
                                      + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                s = socket.create_connection((host, int(port)), timeout=10)
                s.sendall(post(b"") + b"GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n" + post(b"Connection: close\r\n"))
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk: break
                    data += chunk
                sys.stdout.write(data.decode())
                """#
            let r = try await CommandRunner.run("/usr/bin/python3", ["-c", script, base])
            #expect(r.status == 0, "\(r.stderr)")
            let out = r.stdout
            let heads = out.components(separatedBy: "HTTP/1.1 200 OK").count - 1
            #expect(heads == 3, "three responses: \(out.prefix(600))")
            let first = try #require(out.range(of: "[DONE]")), list = try #require(out.range(of: #""object":"list""#))
            let last = try #require(out.range(of: "[DONE]", options: .backwards))
            #expect(first.lowerBound < list.lowerBound && list.lowerBound < last.lowerBound, "in request order: \(out)")
        }
    }
}
