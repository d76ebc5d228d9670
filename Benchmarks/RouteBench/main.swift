import Foundation
import FoundryCore
import Hummingbird
import NIOCore

// Route benchmarks, run side by side in one process (release build):
//   swift build -c release && .build/release/route-bench
// 1. decision overhead over a 50-model catalog with the learned quality model (target p99 ≤ 1 ms);
// 2. route serve's added time to first token at 100 concurrent streams vs the upstream directly
//    (target p50 ≤ 1 ms), and errors over at least 1,000 requests (target 0).

func percentile(_ values: [Double], _ p: Double) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s[min(s.count - 1, Int(Double(s.count) * p))]
}

func runBenchmarks() async throws {
    let arguments = CommandLine.arguments
    let binary = arguments.count > 1 ? arguments[1] : URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("foundry").path

    let decision = try DecisionBenchmark.run(iterations: 5000)
    print(String(format: "decision overhead (%d models, learned quality): p50 %.1f µs, p99 %.1f µs, max %.1f µs — target p99 ≤ 1000 µs: %@",
                 decision.models, decision.p50, decision.p99, decision.max, decision.p99 <= 1000 ? "met" : "NOT met"))

    // An upstream that answers at once: the router's own cost is what the comparison shows.
    let router = Router()
    router.post("/v1/chat/completions") { _, _ in
        let events = [#"{"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}"#,
                      #"{"choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}"#,
                      #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#]
        return Response(status: .ok, headers: [.contentType: "text/event-stream"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n")))
    }
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let upstreamApp = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) })
    let upstreamTask = Task { try await upstreamApp.runService(gracefulShutdownSignals: []) }
    var portIterator = ports.makeAsyncIterator()
    let upstreamPort = await portIterator.next() ?? 0
    let upstream = "http://127.0.0.1:\(upstreamPort)"

    let home = NSTemporaryDirectory() + "route-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    try """
        [providers.bench]
        kind = "openai-compatible"
        base_url = "\(upstream)/v1"
        location = "on-prem"
        [[models]]
        provider = "bench"
        model = "m"
        context_window = 8192
        location = "on-prem"
        """.write(toFile: home + "/c.toml", atomically: true, encoding: .utf8)
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: binary)
    serve.arguments = ["route", "serve", "--port", "0", "--config", home + "/c.toml", "--quiet"]
    serve.environment = ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config"]
    let serveErr = Pipe()
    serve.standardError = serveErr
    serve.standardOutput = FileHandle.nullDevice
    try serve.run()
    var banner = ""
    while !banner.contains("listening on") {
        let chunk = serveErr.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        banner += String(decoding: chunk, as: UTF8.self)
    }
    guard let range = banner.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
        print("route serve did not start: \(banner)")
        exit(1)
    }
    let routed = String(banner[range])

    let result = await ServeLatencyBenchmark.run(upstream: upstream, routed: routed, concurrency: 100, rounds: 12)
    serve.terminate()
    serve.waitUntilExit()
    upstreamTask.cancel()
    let direct50 = percentile(result.directTTFT, 0.5), routed50 = percentile(result.routedTTFT, 0.5)
    let direct99 = percentile(result.directTTFT, 0.99), routed99 = percentile(result.routedTTFT, 0.99)
    print(String(format: "route serve at 100 concurrent streams: TTFT p50 direct %.2f ms, routed %.2f ms, added %.2f ms (ratio %.2f×) — target added p50 ≤ 1 ms: %@",
                 direct50, routed50, routed50 - direct50, routed50 / direct50, routed50 - direct50 <= 1 ? "met" : "NOT met"))
    print(String(format: "                                     TTFT p99 direct %.2f ms, routed %.2f ms", direct99, routed99))
    print("requests: \(result.requests) (\(result.requests / 2) through route serve), errors: \(result.errors) — target 0: \(result.errors == 0 ? "met" : "NOT met")")
    try? FileManager.default.removeItem(atPath: home)
}

try await runBenchmarks()
