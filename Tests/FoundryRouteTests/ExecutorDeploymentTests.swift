import Foundation
import FoundryCore
import FoundryProviders
@testable import FoundryRouting
import FoundryTestSupport
import Testing

/// A model with several deployments, executed against real HTTP servers on loopback.
@Suite("Route execution: one model, several deployments")
struct ExecutorDeploymentTests {
    let request = ChatRequest(messages: [.user("hi")], maxTokens: 16)

    /// "team/m" served by a deployment that answers 500 ("down") and one that answers ("up").
    func executor(_ server: LoopbackServer) throws -> Executor {
        let home = try TestEnvironment.temporaryDirectory()
        let toml = """
            [providers.down]
            kind = "openai-compatible"
            base_url = "\(server.baseURL)/fail500/v1"
            [providers.up]
            kind = "openai-compatible"
            base_url = "\(server.baseURL)/ok/v1"
            [[models]]
            id = "team/m"
            provider = "up"
            model = "m"
            context_window = 8192
            [[deployments]]
            model = "team/m"
            provider = "down"
            [[deployments]]
            model = "team/m"
            provider = "up"
            upstream_model = "m-upstream"
            """
        try toml.write(toFile: home + "/c.toml", atomically: true, encoding: .utf8)
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data"],
                                  configPath: home + "/c.toml")
        var executor = Executor(registry: try ProviderRegistry(context: context, scanLocalFiles: false), cooldowns: Cooldowns(paths: context.paths))
        executor.balancer = DeploymentBalancer()
        return executor
    }

    func decision() -> Decision {
        Decision(id: "d", time: "", policyVersion: "", qualityModel: "", constraints: RouteConstraints(), promptTokens: 1, promptTokensMethod: "",
                 candidates: [Candidate(id: "team/m", quality: 1, qualitySource: "", costUSD: 0, latencySource: "", inBand: true)],
                 rejected: [], chosen: "team/m", attempts: [], decisionMicroseconds: 0)
    }

    @Test("a failing deployment fails over to the model's next one at once; the deployment is avoided, the model is not cooled")
    func failover() async throws {
        let server = try await ExecutorTests.server()
        defer { Task { await server.stop() } }
        let executor = try executor(server)
        var d = decision()
        let outcome = try await executor.run(request, decision: &d, onText: { _ in })
        #expect(outcome.model == "team/m" && outcome.deployment == "up")
        #expect(d.attempts.map { "\($0.deployment ?? "-"):\($0.outcome)" } == ["down:server", "up:ok"], "no retry of the failed deployment")
        #expect(server.recorded.all.filter { $0.uri.hasPrefix("/ok/") }.last?.json?["model"] as? String == "m-upstream")
        #expect(executor.cooldowns?.active().isEmpty == true, "the model is not cooled")
        for _ in 0..<3 {
            var again = decision()
            _ = try await executor.run(request, decision: &again, onText: { _ in })
            #expect(again.attempts.map { "\($0.deployment ?? "-"):\($0.outcome)" } == ["up:ok"], "the failed deployment goes last")
        }
        #expect(server.recorded.all.filter { $0.uri.hasPrefix("/fail500/") }.count == 1)
        let json = JSONCoding.string(d.attempts)
        #expect(json.contains(#""deployment":"down""#) || json.contains(#""deployment" : "down""#), "\(json)")
    }

    @Test("a failure route serve's relay met first moves on to the model's other deployment without a retry wait")
    func priorFailure() async throws {
        let server = try await ExecutorTests.server()
        defer { Task { await server.stop() } }
        let executor = try executor(server)
        var d = decision()
        let prior = PriorFailure(model: "team/m", error: .network(provider: "down", model: "team/m", detail: "connection refused"), deployment: "down")
        let start = ContinuousClock.now
        let answer = try await executor.open(request, decision: &d, after: prior)
        #expect(answer.deployment == "up")
        #expect(ContinuousClock.now - start < .milliseconds(200))
        #expect(d.attempts.map { "\($0.deployment ?? "-"):\($0.outcome)" } == ["down:network"])
        #expect(server.recorded.all.filter { $0.uri.hasPrefix("/fail500/") }.isEmpty)
    }
}
