import Foundation
import FoundryCore
import FoundryProviders
@testable import FoundryRoute
@testable import FoundryRouting
import FoundryTestSupport
import Hummingbird
import Testing

/// Execution against real HTTP servers on loopback, each behaving as a provider in trouble.
@Suite("Route execution: fallback, retry, hedging")
struct ExecutorTests {
    static func chunks(_ text: String) -> String {
        let words = text.split(separator: " ").map { #"{"choices":[{"index":0,"delta":{"content":"\#($0) "},"finish_reason":null}]}"# }
        return (words + [#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#])
            .map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
    }

    /// A server per behaviour: "fail500", "limited" (429 then ok), "auth", "cut" (dies after a token), "slow", "ok".
    static func server() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/:behaviour/v1/chat/completions") { request, context in
                try await recorder.record(request)
                let behaviour = context.parameters.get("behaviour") ?? "ok"
                let seen = recorder.all.filter { $0.uri.hasPrefix("/\(behaviour)/") }.count
                switch behaviour {
                case "fail500": return StreamedBody.json(#"{"error":{"message":"boom"}}"#, status: .internalServerError)
                case "auth": return StreamedBody.json(#"{"error":{"message":"bad key"}}"#, status: .unauthorized)
                case "limited" where seen == 1:
                    return StreamedBody.json(#"{"error":{"message":"slow down"}}"#, status: .tooManyRequests, headers: [.retryAfter: "1"])
                case "cut":
                    let events = chunks("partial answer").components(separatedBy: "\n\n").map { $0 + "\n\n" }
                    return StreamedBody.response(contentType: "text/event-stream", chunks: events, cutAfter: 1)
                case "slow":
                    try await Task.sleep(for: .seconds(5))
                    return StreamedBody.response(contentType: "text/event-stream", chunks: [chunks("slow answer")])
                default: return StreamedBody.response(contentType: "text/event-stream", chunks: [chunks("\(behaviour) answer")])
                }
            }
        }
    }

    /// A registry whose catalog has one model per behaviour, each its own provider on the server.
    func registry(_ server: LoopbackServer, _ behaviours: [String], home: String) throws -> ProviderRegistry {
        var toml = ""
        for b in behaviours {
            toml += "[providers.\(b)]\nkind = \"openai-compatible\"\nbase_url = \"\(server.baseURL)/\(b)/v1\"\n"
            toml += "[[models]]\nprovider = \"\(b)\"\nmodel = \"m\"\ncontext_window = 8192\n"
        }
        try toml.write(toFile: home + "/c.toml", atomically: true, encoding: .utf8)
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data"],
                                  configPath: home + "/c.toml")
        return try ProviderRegistry(context: context, scanLocalFiles: false)
    }

    /// A loopback server, an executor over one model per behaviour and a decision naming them in
    /// order, for `body`; the server stops after it.
    func withExecutor(_ behaviours: [String], hedgeAfter: Duration? = nil,
                      _ body: (LoopbackServer, Executor, inout Decision) async throws -> Void) async throws {
        let server = try await Self.server()
        defer { Task { await server.stop() } }
        let home = try TestEnvironment.temporaryDirectory()
        var d = decision(behaviours)
        try await body(server, Executor(registry: try registry(server, behaviours, home: home), hedgeAfter: hedgeAfter), &d)
    }

    func decision(_ chain: [String]) -> Decision {
        Decision(id: "d", time: "", policyVersion: "", qualityModel: "", constraints: RouteConstraints(), promptTokens: 1,
                 promptTokensMethod: "", candidates: chain.map { Candidate(id: "\($0)/m", quality: 1, qualitySource: "", costUSD: 0, latencySource: "", inBand: true) },
                 rejected: [], chosen: chain.first.map { "\($0)/m" }, attempts: [], decisionMicroseconds: 0)
    }

    let request = ChatRequest(messages: [.user("hi")], maxTokens: 16)

    @Test("a 500 is retried once, then the next candidate answers")
    func fallback() async throws {
        try await withExecutor(["fail500", "ok"]) { server, executor, d in
            let text = TextSink()
            let outcome = try await executor.run(request, decision: &d, onText: text.append)
            #expect(outcome.model == "ok/m")
            #expect(text.value == "ok answer ")
            #expect(d.attempts.map(\.outcome.rawValue) == ["server", "server", "ok"])
            #expect(server.recorded.all.filter { $0.uri.hasPrefix("/fail500/") }.count == 2)
        }
    }

    @Test("429 with Retry-After is honoured, then the same model answers")
    func retryAfter() async throws {
        try await withExecutor(["limited", "ok"]) { _, executor, d in
            let clock = ContinuousClock(), start = clock.now
            let outcome = try await executor.run(request, decision: &d, onText: TextSink().append)
            #expect(outcome.model == "limited/m")
            #expect(clock.now - start >= .seconds(1))
            #expect(d.attempts.map(\.outcome.rawValue) == ["rate_limited", "ok"])
        }
    }

    @Test("an auth failure is not retried: straight to the next model")
    func auth() async throws {
        try await withExecutor(["auth", "ok"]) { _, executor, d in
            _ = try await executor.run(request, decision: &d, onText: TextSink().append)
            #expect(d.attempts.map(\.outcome.rawValue) == ["auth", "ok"])
        }
    }

    @Test("after the first token a failure is reported, never switched")
    func noSwitchAfterFirstToken() async throws {
        try await withExecutor(["cut", "ok"]) { server, executor, d in
            let text = TextSink()
            await #expect(throws: FoundryError.self) { try await executor.run(request, decision: &d, onText: text.append) }
            #expect(text.value == "partial ")
            #expect(server.recorded.all.filter { $0.uri.hasPrefix("/ok/") }.isEmpty)
            #expect(d.attempts.map(\.outcome.rawValue) == ["stream_cut"])
        }
    }

    @Test("hedging: the second model starts after the delay and the first to produce a token wins")
    func hedge() async throws {
        try await withExecutor(["slow", "ok"], hedgeAfter: .milliseconds(200)) { _, executor, d in
            let text = TextSink()
            let clock = ContinuousClock(), start = clock.now
            let outcome = try await executor.run(request, decision: &d, onText: text.append)
            #expect(outcome.model == "ok/m")
            #expect(text.value == "ok answer ")
            #expect(clock.now - start < .seconds(4), "did not wait for the slow model's 5 s answer")
            #expect(Set(d.attempts.map { "\($0.model):\($0.outcome):\($0.hedged)" }) == ["ok/m:ok:true", "slow/m:hedge_lost:false"])
        }
    }

    /// Pulls an opened answer to its end: the text, or the error that cut it.
    func drain(_ answer: Executor.Answer) async -> (String, (any Error)?) {
        var text = answer.first ?? ""
        do {
            while let piece = try await answer.next() { text += piece }
            return (text, nil)
        } catch {
            return (text, error)
        }
    }

    @Test("open: fallbacks happen before it returns; the rest is pulled; attempts complete at the end")
    func openPulls() async throws {
        try await withExecutor(["fail500", "ok"]) { server, executor, d in
            let answer = try await executor.open(request, decision: &d)
            #expect(answer.model == "ok/m")
            #expect(answer.first == "ok ")
            #expect(d.attempts.map(\.outcome.rawValue) == ["server", "server"])
            #expect(answer.outcome == nil)
            let (text, error) = await drain(answer)
            #expect(error == nil)
            #expect(text == "ok answer ")
            #expect(answer.outcome?.model == "ok/m")
            #expect(answer.outcome?.completion.usage?.outputTokens == 2)
            #expect(answer.attempts.map(\.outcome.rawValue) == ["server", "server", "ok"])
            #expect(try await answer.next() == nil)
        }
    }

    @Test("open: a cut after the first token is thrown by next(), never switched")
    func openCut() async throws {
        try await withExecutor(["cut", "ok"]) { server, executor, d in
            let answer = try await executor.open(request, decision: &d)
            let (text, error) = await drain(answer)
            #expect(text == "partial ")
            #expect((error as? FoundryError)?.message.contains("failed after the first token") == true)
            #expect(answer.attempts.map(\.outcome.rawValue) == ["stream_cut"])
            #expect(server.recorded.all.filter { $0.uri.hasPrefix("/ok/") }.isEmpty)
        }
    }

    @Test("open with a hedge: the winner's text is relayed and both attempts are recorded")
    func openHedged() async throws {
        try await withExecutor(["slow", "ok"], hedgeAfter: .milliseconds(200)) { _, executor, d in
            let answer = try await executor.open(request, decision: &d)
            #expect(answer.model == "ok/m")
            let (text, error) = await drain(answer)
            #expect(error == nil)
            #expect(text == "ok answer ")
            #expect(Set(answer.attempts.map { "\($0.model):\($0.outcome):\($0.hedged)" }) == ["ok/m:ok:true", "slow/m:hedge_lost:false"])
        }
    }

    @Test("open: every candidate failing before the first token is one error naming them")
    func openAllFail() async throws {
        try await withExecutor(["auth", "fail500"]) { server, executor, d in
            await #expect(throws: FoundryError.self) { _ = try await executor.open(request, decision: &d) }
            #expect(d.attempts.map(\.outcome.rawValue) == ["auth", "server", "server"])
        }
    }

    @Test("three failures within a minute start a cooldown that another invocation sees")
    func cooldown() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let paths = FoundryPaths(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state"])
        let cooldowns = Cooldowns(paths: paths)
        #expect(try cooldowns.recordFailure(model: "x/m") == nil)
        #expect(try cooldowns.recordFailure(model: "x/m") == nil)
        #expect(try cooldowns.recordFailure(model: "x/m") != nil)
        let seenElsewhere = Cooldowns(paths: paths).active()
        #expect(seenElsewhere["x/m"] != nil)
    }
}

/// Collects streamed text from the executor's callback.
final class TextSink: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var value: String { lock.lock(); defer { lock.unlock() }; return text }
    func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
}
