import Foundation
import FoundryTestSupport
import Testing

/// Ctrl-C during `foundry bench`: the binary gets SIGINT mid-run and must stop with exit 130,
/// printing and writing the summary of the requests that finished, every file whole.
@Suite("foundry bench, interrupted", .serialized)
struct BenchInterruptTests {
    @Test("SIGINT stops the run: exit 130, the partial summary, whole files, usage recorded")
    func interruptedRun() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        try await ReferenceServer.with(.init(firstChunk: .milliseconds(20), interval: .milliseconds(5), chunks: 5)) { server in
            let out = home + "/requests.jsonl", plot = home + "/plot.svg"
            let r = try await CommandRunner.foundry(
                ["bench", "--url", server.baseURL, "--model", "reference", "--requests", "100000", "--concurrency", "4",
                 "--requests-out", out, "--plot", plot, "--json"], home: home, interruptAfter: 4)
            #expect(r.status == 130, "\(r.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not JSON: \(r.stdout.prefix(300))")
            let completed = try #require(doc["completed"] as? Int)
            #expect(completed > 0 && completed < 100_000, "completed \(completed)")
            #expect(doc["failed"] as? Int == 0, "requests ended by Ctrl-C are not failures")
            #expect(doc["interrupted"] as? Bool == true)
            #expect((doc["median_ttft_ms"] as? Double ?? 0) >= 20)
            #expect(r.stderr.contains("foundry: interrupted: the summary covers the \(completed) measured requests that finished"), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal") && !r.stderr.contains("cancelled"), "\(r.stderr)")

            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == completed, "--requests-out holds every finished request")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every line is whole JSON")
            let svg = try String(contentsOfFile: plot, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") || svg.hasSuffix("</svg>"))
            let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(usage.count == completed, "the usage log has the finished requests")
            #expect(server.requestCount >= completed)
        }
    }
}
