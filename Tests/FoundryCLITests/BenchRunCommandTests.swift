import Foundation
import FoundryTestSupport
import Testing

/// `foundry bench run`: llama-bench's pp/tg measurement of a local GGUF, through the built binary.
@Suite("foundry bench run (end to end)", .serialized)
struct BenchRunCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    @Test("--json gives pp and tg tokens/s, load time, peak RSS and every repetition")
    func json() async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(python: python, extra: RunCommandTests.small + ["--type", "q4_0"])
        let r = try await CommandRunner.foundry(["bench", "run", model, "-p", "24", "-n", "6", "-r", "2", "--threads", "2", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let pp = try #require(doc["pp_tok_s"] as? Double), tg = try #require(doc["tg_tok_s"] as? Double)
        #expect(pp > 0 && tg > 0)
        #expect((doc["load_ms"] as? Double ?? 0) > 0)
        let fileBytes = try #require(doc["file_bytes"] as? Int)
        let rss = try #require(doc["peak_rss_bytes"] as? Int)
        #expect(rss > fileBytes / 2, "peak RSS \(rss) with a mapped file of \(fileBytes) bytes")
        #expect(doc["file_type"] as? String == "Q4_0")
        #expect(doc["threads"] as? Int == 2)
        let prompt = try #require(doc["prompt"] as? [String: Any])
        #expect((prompt["samples_tok_s"] as? [Double])?.count == 2)
        #expect(prompt["name"] as? String == "pp24")
        let generation = try #require(doc["generation"] as? [String: Any])
        #expect((generation["samples_ms"] as? [Double])?.count == 2)
        #expect(generation["name"] as? String == "tg6")
    }

    @Test("the table names the file, type, tests and thread count")
    func table() async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(python: python, extra: RunCommandTests.small + ["--type", "q8_0"])
        let r = try await CommandRunner.foundry(["bench", "run", model, "-p", "16", "-n", "0", "-r", "1", "-t", "1"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| Q8_0 ") && r.stdout.contains(" pp16 ") && !r.stdout.contains(" tg"), "\(r.stdout)")
        #expect(r.stdout.contains("load to first token:") && r.stdout.contains("peak RSS:"))
    }

    @Test("bad input: a missing or non-GGUF file, nothing to measure, a prompt out of range")
    func badInput() async throws {
        let notGGUF = home + "/notes.gguf"
        try "just text".write(toFile: notGGUF, atomically: true, encoding: .utf8)
        let bad = try await CommandRunner.foundry(["bench", "run", notGGUF], home: home)
        #expect(bad.status == 1 && bad.stderr.contains("notes.gguf") && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        let missing = try await CommandRunner.foundry(["bench", "run", home + "/absent.gguf"], home: home)
        #expect(missing.status != 0 && missing.stderr.contains("absent.gguf"), "\(missing.stderr)")
        let nothing = try await CommandRunner.foundry(["bench", "run", notGGUF, "-p", "0", "-n", "0"], home: home)
        #expect(nothing.status == 2 && nothing.stderr.contains("nothing to measure"), "\(nothing.stderr)")
        let long = try await CommandRunner.foundry(["bench", "run", notGGUF, "-p", "40000"], home: home)
        #expect(long.status == 2 && long.stderr.contains("--n-prompt"), "\(long.stderr)")
    }
}
