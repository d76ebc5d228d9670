import Foundation
import FoundryBench
import FoundryCore
import FoundryTestSupport
import Testing

/// The load generator and bench's own HTTP client against the reference server, in-process.
/// (The accuracy targets are checked end to end, with bench in a process of its own.)
@Suite("load generation")
struct LoadGeneratorTests {
    func run(_ server: ReferenceServer, plan: LoadPlan, stream: Bool = true) async throws -> LoadGenerator.Result {
        let target = try URLTarget(endpoint: try EndpointURL(server.baseURL), options: .init(model: "m", stream: stream), threads: 1)
        let prompts = SyntheticPrompts(inputTokens: 16, outputTokens: 8, counter: .estimate, seed: 1).make(count: 10)
        do {
            let result = try await LoadGenerator(target: target, prompts: prompts, plan: plan, counter: .estimate).run()
            await target.shutdown()
            return result
        } catch {
            await target.shutdown()
            throw error
        }
    }

    @Test("every request is sent once, warmup apart, and timed against the server's schedule")
    func counts() async throws {
        try await ReferenceServer.with(.init(firstChunk: .milliseconds(30), interval: .milliseconds(5), chunks: 6)) { server in
            let result = try await run(server, plan: LoadPlan(requests: 24, concurrency: 8, warmup: 3))
            #expect(result.records.count == 24 && result.warmup.count == 3)
            #expect(server.requestCount == 27)
            #expect(result.records.allSatisfy { $0.ok && $0.outputTokens == 6 && $0.tokensFrom == "usage" && $0.itlMs.count == 5 })
            let ttft = Distribution(result.records.compactMap(\.ttftMs)).median
            #expect(ttft >= 30 && ttft < 40, "median TTFT \(ttft) ms for a server that answers at 30 ms")
            #expect(Set(result.records.map(\.index)) == Set(0..<24))
        }
    }

    @Test("a rate paces arrivals; a duration bounds the run")
    func paced() async throws {
        try await ReferenceServer.with(.init(firstChunk: .milliseconds(2), interval: .milliseconds(1), chunks: 2)) { server in
            let result = try await run(server, plan: LoadPlan(requests: nil, duration: .milliseconds(1000), concurrency: 16, rate: 40, seed: 5), stream: false)
            #expect(result.records.count > 20 && result.records.count < 60, "\(result.records.count) requests in 1 s at 40/s")
            #expect(result.records.map(\.startS).max()! < 1.0)
            #expect(result.records.allSatisfy { $0.ok && $0.ttftMs == $0.e2elMs })
        }
    }

    @Test("an unreachable target stops the run at the first failure with one error")
    func unreachable() async throws {
        let port = ReferencePeers.freePort()
        let target = try URLTarget(endpoint: try EndpointURL("http://127.0.0.1:\(port)/v1"), options: .init(), threads: 1)
        let prompts = SyntheticPrompts(inputTokens: 4, outputTokens: 4, counter: .estimate, seed: 1).make(count: 2)
        let error = await #expect(throws: FoundryError.self) {
            try await LoadGenerator(target: target, prompts: prompts, plan: LoadPlan(requests: 1000, concurrency: 4), counter: .estimate).run()
        }
        await target.shutdown()
        #expect(error?.message.hasPrefix("127.0.0.1:\(port): network failure: connection refused (stopped early:") == true, "\(error?.message ?? "")")
        #expect(error?.exitCode == ExitStatus.provider)
    }

    @Test("an authentication failure stops the run before it sends a thousand requests")
    func auth() async throws {
        try await ReferenceServer.with(.init(failWith: 401)) { server in
            let error = await #expect(throws: FoundryError.self) { try await run(server, plan: LoadPlan(requests: 1000, concurrency: 4)) }
            #expect(error?.message.contains("authentication failed (HTTP 401): refused by the reference server") == true, "\(error?.message ?? "")")
            #expect(server.requestCount <= 8)
        }
    }
}
