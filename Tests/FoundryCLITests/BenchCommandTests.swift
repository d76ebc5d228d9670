import Foundation
import FoundryTestSupport
import Testing

/// `foundry bench` as a user runs it: the built binary, in a process of its own, against a
/// reference server with known timing (scripts/bench_reference_server.py in a process of its own
/// for the accuracy checks, ReferenceServer on its own event loop thread in the test process otherwise).
@Suite("foundry bench (end to end)", .serialized)
struct BenchCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
    }

    /// The server is scripts/bench_reference_server.py in a process of its own, so its schedule
    /// does not depend on this test process; the warmup opens every connection first.
    @Test("TTFT, ITL and E2E medians within ±2 ms of the server's timing at concurrency 1, 32 and 256",
          arguments: [(1, 5), (32, 96), (256, 512)])
    func accuracy(concurrency: Int, requests: Int) async throws {
        // A loaded machine disturbs the truth (the server writes late) and the measurement (the
        // client reads late), so each attempt measures both: how late the reference server wrote,
        // and how much of the cores other processes used meanwhile (MachineLoad). A miss on a
        // quiet machine fails at once. A miss while disturbed is tried again, at most three
        // attempts in all; when every attempt was disturbed (a build running beside the tests),
        // ±2 ms cannot be measured there, so the last one is held to ±10 ms and says why: a real
        // regression of the measurement still fails. A fresh-clone CI run once measured E2E
        // 1182.5 and 1183.2 ms at concurrency 256 while the server wrote up to 6 ms late.
        let attempts = 3, tolerance = 2.0, disturbedTolerance = 10.0, busyShare = 0.05
        for attempt in 1...attempts {
            let load = MachineLoad.start()
            let server = try BenchReferenceProcess.start(firstMs: 200, intervalMs: 20, chunks: 50)
            defer { server.stop() }
            let r = try await CommandRunner.foundry(
                ["bench", "--url", server.baseURL, "--model", "reference", "--concurrency", "\(concurrency)", "--requests", "\(requests)",
                 "--warmup", "\(concurrency)", "--input-tokens", "16", "--output-tokens", "50", "--json"], home: home)
            let stats = try await server.stats()
            server.stop()  // reaped before the load is read, so its CPU time counts as the test's own
            let others = load.othersShare()
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try json(r.stdout)
            let disturbed = stats.lateMaxMs > tolerance || others > busyShare
            let context = "the server wrote late by median \(stats.lateMedianMs) ms, max \(stats.lateMaxMs) ms; "
                + "other processes used \(Int((others * 100).rounded())) % of the cores; bench: \(doc.filter { $0.key.hasPrefix("median_") })"
            var errors: [(String, Double, Double)] = []
            for (key, expected) in [("median_ttft_ms", 200.0), ("median_itl_ms", 20.0), ("median_e2el_ms", 1180.0)] {
                let measured = try #require(doc[key] as? Double, "\(key) missing")
                errors.append((key, measured, expected))
            }
            let within = errors.allSatisfy { abs($0.1 - $0.2) <= tolerance }
            if !within && disturbed && attempt < attempts {
                print("bench accuracy at concurrency \(concurrency): attempt \(attempt) of \(attempts) disturbed, retrying; \(context)")
                continue
            }
            let bound = disturbed ? disturbedTolerance : tolerance
            if !within && disturbed {
                print("bench accuracy at concurrency \(concurrency): every attempt disturbed, held to ±\(bound) ms; \(context)")
            }
            for (key, measured, expected) in errors {
                #expect(abs(measured - expected) <= bound, "\(key) = \(measured) ms, truth \(expected) ms at concurrency \(concurrency); \(context)")
            }
            #expect(doc["completed"] as? Int == requests)
            #expect(doc["failed"] as? Int == 0)
            #expect(stats.requests == requests + concurrency, "the server counted \(stats.requests) requests, bench sent \(requests) and \(concurrency) warmup")
            #expect(doc["total_output_tokens"] as? Int == requests * 50)
            #expect(doc["token_counts"] as? String == "usage")
            return
        }
    }

    @Test("a catalog model through its provider: table, files, latency where route reads it, usage cost report sees")
    func catalogModel() async throws {
        try await ReferenceServer.with(.init(firstChunk: .milliseconds(20), interval: .milliseconds(5), chunks: 5)) { server in
            let config = home + "/c.toml"
            try OnPremConfig.write(baseURL: server.baseURL, to: config)
            let r = try await CommandRunner.foundry(
                ["bench", "--model", "onprem/small", "--config", config, "--requests", "20", "--concurrency", "4", "--warmup", "2",
                 "--slo", "ttft=500ms,tpot=100ms", "--requests-out", home + "/r.jsonl", "--plot", home + "/p.svg"], home: home)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("target      onprem/small"))
            #expect(r.stdout.contains("requests    20 completed, 0 failed"))
            #expect(r.stdout.contains("goodput"))
            #expect(r.stdout.contains("Time to first token (ms)") && r.stdout.contains("Inter-token latency (ms)"))
            #expect(server.requestCount == 22)

            let lines = try String(contentsOfFile: home + "/r.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 20)
            let first = try json(String(lines[0]))
            #expect(first["ttft_ms"] is Double && (first["itl_ms"] as? [Double])?.count == 4 && first["tokens_from"] as? String == "usage")
            let svg = try String(contentsOfFile: home + "/p.svg", encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.contains("<polyline") && svg.contains("Throughput over time"))

            let latency = try json(try String(contentsOfFile: home + "/state/foundry/latency.json", encoding: .utf8))
            let samples = try #require((latency["models"] as? [String: Any])?["onprem/small"] as? [String: Any])
            #expect((samples["ttft_ms"] as? [Double])?.count == 20)
            let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(usage.count == 22)
            #expect(try json(String(usage[0]))["source"] as? String == "bench")

            let report = try await CommandRunner.foundry(["cost", "report", "--by", "source", "--config", config, "--json"], home: home)
            #expect(report.status == 0, "\(report.stderr)")
            let groups = try #require(try json(report.stdout)["groups"] as? [[String: Any]])
            let bench = try #require(groups.first { $0["key"] as? String == "bench" })
            #expect(bench["requests"] as? Int == 22)
            #expect((bench["cost_usd"] as? Double ?? 0) > 0)
        }
    }

    @Test("--csv, --json and bench compare of two runs")
    func compare() async throws {
        try await ReferenceServer.with(.init(firstChunk: .milliseconds(10), interval: .milliseconds(2), chunks: 4)) { server in
            let base = ["bench", "--url", server.baseURL, "--requests", "16", "--ignore-eos"]
            let csv = try await CommandRunner.foundry(base + ["--csv"], home: home)
            #expect(csv.status == 0, "\(csv.stderr)")
            let rows = csv.stdout.split(separator: "\n")
            #expect(rows.count == 2 && rows[0].contains("median_ttft_ms") && rows[0].hasPrefix("target,"))
            let a = try await CommandRunner.foundry(base + ["--concurrency", "1", "--json"], home: home)
            let b = try await CommandRunner.foundry(base + ["--concurrency", "8", "--json"], home: home)
            try a.stdout.write(toFile: home + "/a.json", atomically: true, encoding: .utf8)
            try b.stdout.write(toFile: home + "/b.json", atomically: true, encoding: .utf8)
            #expect(try json(b.stdout)["max_concurrency"] as? Int == 8)
            #expect(server.requests(with: "ignore_eos") == 48)
            let c = try await CommandRunner.foundry(["bench", "compare", home + "/a.json", home + "/b.json"], home: home)
            #expect(c.status == 0, "\(c.stderr)")
            #expect(c.stdout.contains("request_throughput") && c.stdout.contains("median_ttft_ms") && c.stdout.contains("×"))
            let cj = try await CommandRunner.foundry(["bench", "compare", home + "/a.json", home + "/b.json", "--json"], home: home)
            let metrics = try #require(try json(cj.stdout)["metrics"] as? [[String: Any]])
            let throughput = try #require(metrics.first { $0["metric"] as? String == "request_throughput" })
            #expect((throughput["ratio"] as? Double ?? 0) > 2, "8 at a time must be faster than 1: \(throughput)")
        }
    }

    @Test("unreachable target, rejected key and malformed dataset: one clear message each")
    func badInput() async throws {
        let port = ReferencePeers.freePort()
        let down = try await CommandRunner.foundry(["bench", "--url", "http://127.0.0.1:\(port)/v1", "--requests", "1000", "--concurrency", "8"], home: home)
        #expect(down.status == 4)
        #expect(down.stderr.hasPrefix("foundry: 127.0.0.1:\(port): network failure: connection refused (stopped early"), "\(down.stderr)")
        #expect(down.stderr.split(separator: "\n").count <= 2)
        #expect(down.stdout.isEmpty)

        try await ReferenceServer.with(.init(failWith: 401)) { server in
            let key = "sk-benchtest-1234567890abcdef"
            let denied = try await CommandRunner.foundry(["bench", "--url", server.baseURL, "--api-key-env", "BENCH_KEY", "--requests", "1000", "--concurrency", "4"],
                                                         home: home, environment: ["BENCH_KEY": key])
            #expect(denied.status == 4)
            #expect(denied.stderr.contains("authentication failed (HTTP 401)"), "\(denied.stderr)")
            #expect(!denied.stderr.contains(key))
            #expect(server.requestCount <= 8)

            let dataset = home + "/d.jsonl"
            try "{\"prompt\": \"hi\"}\n{\"prompt\": \"oops\n".write(toFile: dataset, atomically: true, encoding: .utf8)
            let bad = try await CommandRunner.foundry(["bench", "--url", server.baseURL, "--dataset", dataset], home: home)
            #expect(bad.status == 1)
            #expect(bad.stderr.hasPrefix("foundry: dataset '\(dataset)' line 2: not valid JSON"), "\(bad.stderr)")

            let usage = try await CommandRunner.foundry(["bench", "--requests", "5"], home: home)
            #expect(usage.status == 2 && usage.stderr.contains("give --model MODEL"), "\(usage.stderr)")
            let eos = try await CommandRunner.foundry(["bench", "--model", "openai/gpt-4o", "--ignore-eos"], home: home)
            #expect(eos.status == 2 && eos.stderr.contains("--ignore-eos needs --url"), "\(eos.stderr)")
        }
    }

    @Test("the subcommands: load, compare, run and voice")
    func subcommands() async throws {
        let help = try await CommandRunner.foundry(["bench", "--help"], home: home)
        #expect(help.status == 0)
        #expect(help.stdout.contains("compare") && help.stdout.contains("load"))
        #expect(help.stdout.contains("\n  voice "), "\(help.stdout)")
        #expect(help.stdout.contains("\n  run "), "\(help.stdout)")
    }
}
