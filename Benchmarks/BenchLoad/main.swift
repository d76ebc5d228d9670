import Foundation
import FoundryTestSupport
import FoundryCore

#if canImport(Glibc)
import Glibc
#endif

// bench's load generation and timing accuracy, measured side by side in one run (release build):
//   swift build -c release && swift build -c release --package-path Benchmarks && Benchmarks/.build/release/bench-load [path/to/foundry]
// The foundry binary runs as a child process (its CPU use measured with getrusage); the
// reference server (known timing, its own event loop thread) runs here.
// 1. load: short non-streamed requests at a Poisson rate against a server that answers after
//    exactly 10 ms; target ≥ 2,000 requests/s achieved on 2 cores, median E2E within ±2 ms.
// 2. accuracy: streamed answers (first chunk at 200 ms, then every 20 ms, 50 chunks) at
//    concurrency 1, 32 and 256, after a warmup of one request per connection; target TTFT, ITL
//    and E2E medians within ±2 ms.

struct Child {
    var status: Int32
    var stdout: String
    var stderr: String
    var wallS: Double
    var cpuS: Double
}

func cpuSecondsOfChildren() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func runFoundry(_ binary: String, _ arguments: [String], home: String) throws -> Child {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data"]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let cpuBefore = cpuSecondsOfChildren()
    let start = ContinuousClock.now
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let wall = (ContinuousClock.now - start).millisecondsDouble / 1000
    return Child(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self),
                 wallS: wall, cpuS: cpuSecondsOfChildren() - cpuBefore)
}

func number(_ doc: [String: Any], _ key: String) -> Double { doc[key] as? Double ?? (doc[key] as? Int).map(Double.init) ?? .nan }

func verdict(_ ok: Bool) -> String { ok ? "met" : "NOT met" }

func main() async throws {
    let arguments = CommandLine.arguments
    let binary = arguments.count > 1 ? arguments[1] : URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/release/foundry").standardized.path
    let home = NSTemporaryDirectory() + "bench-load-\(getpid())"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    var allMet = true

    // 1. Load generation.
    let fast = try await ReferenceServer.start(.init(firstChunk: .milliseconds(10), interval: .milliseconds(1), chunks: 8))
    let rate = 2500
    let load = try runFoundry(binary, ["bench", "--url", fast.baseURL, "--model", "reference", "--no-stream", "--rate", "\(rate)", "--duration", "10s",
                                       "--concurrency", "256", "--input-tokens", "16", "--output-tokens", "8", "--json"], home: home)
    guard load.status == 0, let doc = try JSONSerialization.jsonObject(with: Data(load.stdout.utf8)) as? [String: Any] else {
        print("load run failed (status \(load.status)): \(load.stderr)")
        exit(1)
    }
    let achieved = number(doc, "request_throughput")
    let completed = Int(number(doc, "completed"))
    let e2eError = number(doc, "median_e2el_ms") - fast.timing.ttftMs
    let served = fast.requestCount
    await fast.stop()
    print(String(format: "load: offered %d req/s (Poisson) for 10 s, non-streamed, server answers at %.0f ms", rate, fast.timing.ttftMs))
    print(String(format: "      achieved %.0f req/s (%d completed, %d failed, server counted %d) — target ≥ 2000 req/s: %@",
                 achieved, completed, Int(number(doc, "failed")), served, verdict(achieved >= 2000 && served == completed)))
    print(String(format: "      foundry bench CPU: %.2f s in %.2f s = %.2f cores (%.0f%% of 2 cores)", load.cpuS, load.wallS, load.cpuS / load.wallS,
                 load.cpuS / load.wallS * 50))
    print(String(format: "      E2E median %.3f ms vs truth %.0f ms: timing error %+.3f ms; p99 %.3f ms — target |error| ≤ 2 ms: %@",
                 number(doc, "median_e2el_ms"), fast.timing.ttftMs, e2eError, number(doc, "p99_e2el_ms"), verdict(abs(e2eError) <= 2)))
    allMet = allMet && achieved >= 2000 && served == completed && abs(e2eError) <= 2

    // 2. Streaming accuracy.
    for (concurrency, requests) in [(1, 5), (32, 128), (256, 768)] {
        let server = try await ReferenceServer.start()
        let run = try runFoundry(binary, ["bench", "--url", server.baseURL, "--model", "reference", "--concurrency", "\(concurrency)", "--requests", "\(requests)",
                                          "--warmup", "\(concurrency)", "--input-tokens", "16", "--output-tokens", "50", "--json"], home: home)
        guard run.status == 0, let doc = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            print("accuracy run at concurrency \(concurrency) failed (status \(run.status)): \(run.stderr)")
            exit(1)
        }
        let t = server.timing
        let errors = [number(doc, "median_ttft_ms") - t.ttftMs, number(doc, "median_itl_ms") - t.itlMs, number(doc, "median_e2el_ms") - t.e2elMs]
        let late = server.lateness
        let ok = errors.allSatisfy { abs($0) <= 2 } && server.requestCount == Int(number(doc, "completed")) + concurrency
        allMet = allMet && ok
        print(String(format: "accuracy at concurrency %3d (%d requests): timing error TTFT %+.3f ms, ITL %+.3f ms, E2E %+.3f ms; p99 TTFT %.2f ms; "
                     + "server wrote late by median %.3f ms, max %.2f ms; CPU %.2f cores; server count %d = bench %d + warmup — target ±2 ms: %@",
                     concurrency, requests, errors[0], errors[1], errors[2], number(doc, "p99_ttft_ms"), late.median, late.max, run.cpuS / run.wallS,
                     server.requestCount, Int(number(doc, "completed")), verdict(ok)))
        await server.stop()
    }
    print(allMet ? "all targets met" : "some targets NOT met")
}

try await main()
