import Foundation
import FoundryTestSupport
import Testing

/// One model, three deployments: `route serve` in front of three loopback OpenAI-compatible
/// upstreams that answer alike, driven by concurrent clients.
@Suite("route serve: one model, several deployments (end to end)", .serialized)
struct RouteServeDeploymentsTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    /// An upstream answering every request alike, after the same short wait.
    static func upstream() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                try await Task.sleep(for: .milliseconds(15))
                return StreamedBody.chatAnswer(pause: .milliseconds(2))
            }
        }
    }

    func upstream() async throws -> LoopbackServer { try await Self.upstream() }

    func config(_ upstreams: [LoopbackServer]) throws -> String { try Self.config(upstreams, home: home) }

    /// "team/llama", deployed on gpu0, gpu1 and gpu2 (one upstream each).
    static func config(_ upstreams: [LoopbackServer], home: String) throws -> String {
        var toml = ""
        for (i, u) in upstreams.enumerated() {
            toml += "[providers.gpu\(i)]\nkind = \"openai-compatible\"\nbase_url = \"\(u.baseURL)/v1\"\nlocation = \"on-prem\"\n"
        }
        toml += """
            [[models]]
            id = "team/llama"
            provider = "gpu0"
            model = "llama"
            context_window = 8192
            location = "on-prem"

            """
        for i in upstreams.indices { toml += "[[deployments]]\nmodel = \"team/llama\"\nprovider = \"gpu\(i)\"\n" }
        let path = home + "/c.toml"
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    struct Answer {
        var status: String
        var deployment: String?
        var decision: String?
        var text: String
    }

    /// One chat request through curl; streamed or not.
    func ask(_ base: String, stream: Bool) async throws -> Answer {
        let body = #"{"model":"auto","stream":\#(stream),"messages":[{"role":"user","content":"capital of France?"}]}"#
        let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-N", "-D", "-", base + "/v1/chat/completions",
                                                              "-H", "Content-Type: application/json", "-d", body])
        let lines = r.stdout.components(separatedBy: "\r\n")
        func header(_ name: String) -> String? {
            lines.first { $0.lowercased().hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        return Answer(status: String(r.stdout.dropFirst(9).prefix(3)), deployment: header("x-foundry-deployment"),
                      decision: header("x-foundry-decision-id"), text: r.stdout)
    }

    /// `count` requests from `workers` concurrent clients, half of them streamed.
    func load(_ base: String, count: Int, workers: Int) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: [Answer].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var answers: [Answer] = []
                    for i in stride(from: w, to: count, by: workers) { answers.append(try await ask(base, stream: i % 2 == 0)) }
                    return answers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// The attempts of a decision, as "deployment:outcome".
    func attempts(_ base: String, _ id: String) async throws -> [String] {
        let r = try await CommandRunner.run("/usr/bin/curl", ["-s", base + "/v1/decisions/" + id])
        let decision = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)")
        let attempts = try #require(decision["attempts"] as? [[String: Any]])
        return attempts.map { "\($0["deployment"] as? String ?? "-"):\($0["outcome"] as? String ?? "-")" }
    }

    @Test("load spreads evenly over three deployments; a killed one stops receiving requests at once and no client sees an error")
    func spreadAndFailover() async throws {
        let upstreams = [try await upstream(), try await upstream(), try await upstream()]
        defer { Task { for u in upstreams { await u.stop() } } }
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", try config(upstreams)],
                                                     environment: TestEnvironment.isolated(home: home), timeout: 30)
        defer { ReferencePeers.stop(server) }

        // Equal latency: within ±20 % of an even share by request count.
        let spread = try await load(base, count: 90, workers: 6)
        #expect(spread.allSatisfy { $0.status == "200" && $0.text.contains("Paris") }, "\(spread.filter { $0.status != "200" }.map(\.text))")
        let received = upstreams.map(\.recorded.count)
        #expect(received.reduce(0, +) == 90, "\(received)")
        for (i, n) in received.enumerated() { #expect((24...36).contains(n), "gpu\(i) received \(n) of 90: \(received)") }
        for i in 0..<3 {
            #expect(spread.filter { $0.deployment == "gpu\(i)" }.count == received[i], "x-foundry-deployment names the deployment that answered")
        }
        if let id = spread.first?.decision {
            let first = try await attempts(base, id)
            #expect(first.count == 1 && first[0].hasSuffix(":ok") && first[0].hasPrefix("gpu"), "the decision names the deployment: \(first)")
        }

        // gpu1 killed: at most one failed attempt per request, each before the first token.
        await upstreams[1].stop()
        let before = upstreams[1].recorded.count
        let after = try await load(base, count: 30, workers: 6)
        #expect(after.allSatisfy { $0.status == "200" && $0.text.contains("Paris") }, "\(after.filter { $0.status != "200" }.map(\.text))")
        #expect(upstreams[1].recorded.count == before)
        var failed = 0
        for answer in after {
            #expect(answer.deployment != "gpu1")
            let tried = try await attempts(base, try #require(answer.decision))
            #expect(tried.last?.hasSuffix(":ok") == true && tried.last?.hasPrefix("gpu1") == false, "\(tried)")
            #expect(tried.count <= 2, "at most one failed attempt before the answer: \(tried)")
            for attempt in tried.dropLast() {
                #expect(attempt.hasPrefix("gpu1:"), "only the killed deployment fails: \(tried)")
                failed += 1
            }
        }
        #expect(failed >= 1 && failed <= 6, "the killed deployment was tried by at most the requests in flight when it died: \(failed)")
        // From then on it is not tried at all, and the others share the load.
        let later = try await load(base, count: 20, workers: 4)
        for answer in later {
            #expect(answer.status == "200" && answer.deployment != "gpu1")
            let tried = try await attempts(base, try #require(answer.decision))
            #expect(tried.count == 1 && !tried[0].hasPrefix("gpu1"), "\(tried)")
        }
        let share = [0, 2].map { i in later.filter { $0.deployment == "gpu\(i)" }.count }
        #expect(share.allSatisfy { (7...13).contains($0) }, "the two remaining deployments share the load: \(share)")
    }
}
