import Foundation
import FoundryCore
import FoundryTestSupport
import Hummingbird
import NIOCore

// Route benchmarks, run side by side in one process (release build):
//   swift build -c release && swift build -c release --package-path Benchmarks && Benchmarks/.build/release/route-bench
// 1. decision overhead over a 50-model catalog with the learned quality model (target p99 ≤ 1 ms);
// 2. route serve's added time to first token at 100 concurrent streams vs the upstream directly
//    (target p50 ≤ 1 ms), and errors over at least 1,000 requests (target 0): 100 streams kept
//    in flight against an upstream paced like a model server (the target), and bursts of 100
//    simultaneous requests against an instant upstream (printed for comparison: its p50 is
//    queueing on the shared cores, i.e. throughput, not the latency a request sees);
// 3. the team gateway (GatewayBenchmark): added TTFT with keys, limits and PostgreSQL against
//    the direct path and the file store, non-streaming requests per second with keys, and
//    budget accuracy across three instances. ROUTE_BENCH_GATEWAY=0 skips it.
//   (the foundry binary is the first argument, default .build/release/foundry)

/// The percentile p (0–1) by nearest rank (FoundryCore's SampleStatistics), NaN without samples.
func percentile(_ values: [Double], _ p: Double) -> Double { SampleStatistics.percentile(values, p * 100) ?? .nan }

func runBenchmarks() async throws {
    let arguments = CommandLine.arguments
    let binary = arguments.count > 1 ? arguments[1] : URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/release/foundry").standardized.path

    print("CPU: \(MachineLoad.cpuModel), \(ProcessInfo.processInfo.activeProcessorCount) cores; foundry: \(binary)")
    let decision = try DecisionBenchmark.run(iterations: 5000)
    print(String(format: "decision overhead (%d models, learned quality): p50 %.1f µs, p99 %.1f µs, max %.1f µs — target p99 ≤ 1000 µs: %@",
                 decision.models, decision.p50, decision.p99, decision.max, decision.p99 <= 1000 ? "met" : "NOT met"))

    // Two upstreams: one answers at once (only the router's own cost shows), one paces its
    // tokens like a model server (first token after 30 ms, then one every 15 ms).
    let (instant, instantTask) = await BenchUpstream.instant.start()
    let (paced, pacedTask) = await BenchUpstream(firstToken: .milliseconds(30), tokens: 32, interval: .milliseconds(15)).start()

    let home = NSTemporaryDirectory() + "route-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    try """
        [providers.instant]
        kind = "openai-compatible"
        base_url = "\(instant)/v1"
        location = "on-prem"
        [providers.paced]
        kind = "openai-compatible"
        base_url = "\(paced)/v1"
        location = "on-prem"
        [[models]]
        provider = "instant"
        model = "m"
        context_window = 8192
        location = "on-prem"
        prices = { input = 1000, output = 1000 }
        [[models]]
        provider = "paced"
        model = "m"
        context_window = 8192
        location = "on-prem"
        prices = { input = 1000, output = 1000 }
        """.write(toFile: home + "/c.toml", atomically: true, encoding: .utf8)
    let serve = try ServeProcess.start(binary, ["route", "serve", "--port", "0", "--config", home + "/c.toml", "--quiet"],
                                       environment: ServeProcess.environment(home: home))
    let routed = serve.base

    // `auto` routing over the whole catalog; the provider header keeps each phase on its upstream.
    func targets(_ upstream: String, _ provider: String) -> (ServeLatencyBenchmark.Target, ServeLatencyBenchmark.Target) {
        (.init(base: upstream), .init(base: routed, headers: [("x-foundry-provider", provider)]))
    }
    let (burstDirect, burstRouted) = targets(instant, "instant")
    let burst = await ServeLatencyBenchmark.burst(direct: burstDirect, routed: burstRouted, concurrency: 100, rounds: 12)
    let (pacedDirect, pacedRouted) = targets(paced, "paced")
    // ROUTE_BENCH_STREAMS overrides the 100 concurrent streams (to see how added latency grows with load).
    let streams = ProcessInfo.processInfo.environment["ROUTE_BENCH_STREAMS"].flatMap(Int.init) ?? 100
    let sustained = await ServeLatencyBenchmark.sustained(direct: pacedDirect, routed: pacedRouted, concurrency: streams, perWorker: max(10, 1000 / streams),
                                                          phases: 4, stagger: .milliseconds(500))
    serve.stop()
    func report(_ title: String, _ r: ServeLatencyBenchmark.Result, target: Bool) {
        let d50 = percentile(r.directTTFT, 0.5), r50 = percentile(r.routedTTFT, 0.5)
        let d99 = percentile(r.directTTFT, 0.99), r99 = percentile(r.routedTTFT, 0.99)
        print(title)
        print(String(format: "  TTFT p50 direct %.2f ms, routed %.2f ms, added %.2f ms%@", d50, r50, r50 - d50,
                     target ? (r50 - d50 <= 1 ? " — target added p50 ≤ 1 ms: met" : " — target added p50 ≤ 1 ms: NOT met") : ""))
        print(String(format: "  TTFT p99 direct %.2f ms, routed %.2f ms, added %.2f ms", d99, r99, r99 - d99))
        print("  requests: \(r.requests) (\(r.routedRequests) through route serve), errors: \(r.errors) (\(r.failures))\(target ? " — target 0: \(r.errors == 0 ? "met" : "NOT met")" : "")")
    }
    report("route serve, \(streams) concurrent streams sustained (paced upstream: first token 30 ms, 32 tokens 15 ms apart):", sustained, target: true)
    report("route serve, bursts of 100 simultaneous requests (instant upstream; p50 = time to serve half a burst on the shared cores):", burst, target: false)
    if ProcessInfo.processInfo.environment["ROUTE_BENCH_GATEWAY"] != "0" {
        print("team gateway:")
        try await GatewayBenchmark.run(.init(binary: binary, paced: paced, config: home + "/c.toml", home: home, streams: streams))
    }
    instantTask.cancel()
    pacedTask.cancel()
    try? FileManager.default.removeItem(atPath: home)
}

try await runBenchmarks()
