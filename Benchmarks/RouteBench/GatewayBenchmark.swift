import AsyncHTTPClient
import Foundation
import FoundryCore
import FoundryTestSupport
import NIOCore

/// `route serve` as a team's gateway: keys, limits and a PostgreSQL store on, measured against
/// the direct path and against the file store, side by side in one run.
/// 1. added time to first token, 100 sustained streams (targets: p50 ≤ 1 ms, p99 ≤ 5 ms);
/// 2. non-streaming short requests through one instance with keys and limits (target ≥ 1,000
///    requests/s on 2 cores, 0 errors), with the server's CPU use;
/// 3. budget accuracy: three instances on one store, 50 concurrent streams each, spending one
///    key's budget (target: settled spend ≤ the budget; foundry's stated bound is no overshoot).
enum GatewayBenchmark {
    struct Setup {
        let binary: String
        let paced: String
        let config: String
        let home: String
        let streams: Int
    }

    static func run(_ setup: Setup) async throws {
        let cluster = try PostgresCluster()
        let store = cluster.url(database: try cluster.createDatabase())
        let pgHome = setup.home + "/pg", fileHome = setup.home + "/file"
        // The same upstreams and models as the benchmarks before (priced, so budgets are spent).
        let config = setup.config
        let pgEnv = ServeProcess.environment(home: pgHome, ["FOUNDRY_STORE": store])
        let fileEnv = ServeProcess.environment(home: fileHome)
        _ = try ServeProcess.run(setup.binary, ["store", "migrate"], environment: pgEnv)
        // Limits that are checked on every request but never reached.
        let limits = ["--budget", "100000/day", "--rpm", "10000000", "--tpm", "1000000000", "--max-parallel", "100000", "--tag", "team=bench"]
        let pgKey = try key(setup.binary, ["keys", "create", "--name", "bench", "--json"] + limits, pgEnv)
        let fileKey = try key(setup.binary, ["keys", "create", "--name", "bench", "--json"] + limits, fileEnv)
        let serveArguments = ["route", "serve", "--port", "0", "--config", config, "--quiet"]
        let pg = try ServeProcess.start(setup.binary, serveArguments, environment: pgEnv)
        let file = try ServeProcess.start(setup.binary, serveArguments, environment: fileEnv)
        defer { pg.stop(); file.stop() }

        // 1. Added TTFT, direct and through each gateway, phases alternating.
        func routed(_ server: ServeProcess, _ key: String) -> ServeLatencyBenchmark.Target {
            .init(base: server.base, headers: [("x-foundry-provider", "paced"), ("authorization", "Bearer " + key)])
        }
        let perWorker = max(10, 1000 / setup.streams)
        let viaPG = await ServeLatencyBenchmark.sustained(direct: .init(base: setup.paced), routed: routed(pg, pgKey), concurrency: setup.streams,
                                                           perWorker: perWorker, phases: 4, stagger: .milliseconds(500))
        let viaFile = await ServeLatencyBenchmark.sustained(direct: .init(base: setup.paced), routed: routed(file, fileKey), concurrency: setup.streams,
                                                             perWorker: perWorker, phases: 4, stagger: .milliseconds(500))
        report("keys, limits and the PostgreSQL store, \(setup.streams) sustained streams (paced upstream):", viaPG, targets: true)
        report("keys, limits and the file store, \(setup.streams) sustained streams (for comparison):", viaFile, targets: false)

        // 2. Non-streaming throughput through the PostgreSQL-backed instance.
        let throughput = try await requestsPerSecond(pg, key: pgKey, workers: 64, seconds: 10)
        print(String(format: "non-streaming short requests, keys and limits on, PostgreSQL store: %.0f requests/s (%d answered, %d errors: %@, %.1f s), "
                         + "route serve CPU %.2f cores of %d — target ≥ 1000 requests/s with 0 errors: %@",
                     throughput.rate, throughput.ok, throughput.errors, throughput.failures, throughput.seconds, throughput.cores, ProcessInfo.processInfo.activeProcessorCount,
                     throughput.rate >= 1000 && throughput.errors == 0 ? "met" : "NOT met"))

        // 3. Budget accuracy across three instances.
        let budget = 2.0
        let budgetKey = try key(setup.binary, ["keys", "create", "--name", "budgeted", "--json", "--budget", "\(budget)/day"], pgEnv)
        var fleet = [pg]
        for i in 1..<3 {
            fleet.append(try ServeProcess.start(setup.binary, serveArguments, environment: ServeProcess.environment(home: setup.home + "/pg\(i)", ["FOUNDRY_STORE": store])))
        }
        defer { fleet.dropFirst().forEach { $0.stop() } }
        let spent = try await spendBudget(fleet, key: budgetKey, streamsPerInstance: 50)
        try await Task.sleep(for: .seconds(1.5))  // every instance's usage reaches the store
        let settled = Double(try cluster.psql("SELECT coalesce(sum(cost_usd), 0) FROM foundry_usage WHERE key = 'budgeted'", database: databaseName(store))) ?? .nan
        print(String(format: "budget accuracy, 3 instances × 50 concurrent streams, $%.2f budget: %d answered, %d refused (429); settled spend $%.4f "
                         + "(overshoot $%.4f; stated bound: none, each instance spends within its store-granted share) — %@",
                     budget, spent.ok, spent.refused, settled, max(0, settled - budget), settled <= budget + 1e-9 ? "met" : "NOT met"))
        try? cluster.stop()
    }

    static func databaseName(_ url: String) -> String {
        String(url.split(separator: "/").last?.split(separator: "?").first ?? "foundry")
    }

    static func key(_ binary: String, _ arguments: [String], _ environment: [String: String]) throws -> String {
        let json = try ServeProcess.run(binary, arguments, environment: environment)
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let key = object["key"] as? String else {
            throw BenchFailure("keys create printed no key")
        }
        return key
    }

    static func report(_ title: String, _ r: ServeLatencyBenchmark.Result, targets: Bool) {
        let d50 = percentile(r.directTTFT, 0.5), r50 = percentile(r.routedTTFT, 0.5)
        let d99 = percentile(r.directTTFT, 0.99), r99 = percentile(r.routedTTFT, 0.99)
        print(title)
        print(String(format: "  TTFT p50 direct %.2f ms, routed %.2f ms, added %.2f ms%@", d50, r50, r50 - d50,
                     targets ? " — target ≤ 1 ms: \(r50 - d50 <= 1 ? "met" : "NOT met")" : ""))
        print(String(format: "  TTFT p99 direct %.2f ms, routed %.2f ms, added %.2f ms%@", d99, r99, r99 - d99,
                     targets ? " — target ≤ 5 ms: \(r99 - d99 <= 5 ? "met" : "NOT met")" : ""))
        print("  requests: \(r.requests) (\(r.routedRequests) through route serve), errors: \(r.errors) (\(r.failures))")
    }

    /// `workers` clients sending short non-streamed requests back to back for `seconds`.
    static func requestsPerSecond(_ server: ServeProcess, key: String, workers: Int, seconds: Double) async throws
        -> (rate: Double, ok: Int, errors: Int, seconds: Double, cores: Double, failures: String) {
        let client = ServeLatencyBenchmark.client(connections: workers)
        let body = #"{"model":"auto","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}"#
        let url = server.base + "/v1/chat/completions"
        let one: @Sendable () async -> Bool = {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "authorization", value: "Bearer " + key)
            request.headers.add(name: "x-foundry-provider", value: "instant")
            request.body = .bytes(ByteBuffer(string: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                let answer = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok else {
                    ServeLatencyBenchmark.failed("HTTP \(response.status.code) \(ServeLatencyBenchmark.errorCode(String(buffer: answer)))")
                    return false
                }
                return String(buffer: answer).contains("chat.completion")
            } catch {
                ServeLatencyBenchmark.failed("\(error)".prefix(80).description)
                return false
            }
        }
        for _ in 0..<200 { _ = await one() }  // warm-up
        _ = ServeLatencyBenchmark.takeFailures()
        let cpu0 = server.cpuSeconds, clock = ContinuousClock(), start = clock.now
        let end = start + .milliseconds(Int(seconds * 1000))
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var ok = 0, errors = 0
                    while clock.now < end { if await one() { ok += 1 } else { errors += 1 } }
                    return (ok, errors)
                }
            }
            var total = (0, 0)
            for await c in group { total = (total.0 + c.0, total.1 + c.1) }
            return total
        }
        let elapsed = (clock.now - start).millisecondsDouble / 1000
        let failures = ServeLatencyBenchmark.takeFailures()
        let cores = (server.cpuSeconds - cpu0) / elapsed
        try? await client.shutdown()
        return (Double(counts.0) / elapsed, counts.0, counts.1, elapsed, cores, failures)
    }

    /// Streams from every instance (round robin) until each instance has refused a few times
    /// in a row; returns how many were answered and refused.
    static func spendBudget(_ fleet: [ServeProcess], key: String, streamsPerInstance: Int) async throws -> (ok: Int, refused: Int) {
        let client = ServeLatencyBenchmark.client(connections: streamsPerInstance * fleet.count)
        let body = #"{"model":"auto","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"Say hello"}]}"#
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for base in fleet.map(\.base) {
                for _ in 0..<streamsPerInstance {
                    group.addTask {
                        var ok = 0, refused = 0, refusedInARow = 0
                        while refusedInARow < 3 {
                            var request = HTTPClientRequest(url: base + "/v1/chat/completions")
                            request.method = .POST
                            request.headers.add(name: "content-type", value: "application/json")
                            request.headers.add(name: "authorization", value: "Bearer " + key)
                            request.headers.add(name: "x-foundry-provider", value: "paced")
                            request.body = .bytes(ByteBuffer(string: body))
                            guard let response = try? await client.execute(request, timeout: .seconds(30)) else { continue }
                            _ = try? await response.body.collect(upTo: 1 << 20)
                            if response.status == .ok {
                                ok += 1
                                refusedInARow = 0
                            } else if response.status == .tooManyRequests {
                                refused += 1
                                refusedInARow += 1
                                try? await Task.sleep(for: .milliseconds(300))
                            }
                        }
                        return (ok, refused)
                    }
                }
            }
            var total = (0, 0)
            for await c in group { total = (total.0 + c.0, total.1 + c.1) }
            return total
        }
        try? await client.shutdown()
        return counts
    }
}
