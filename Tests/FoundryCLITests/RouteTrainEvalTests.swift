import Foundation
import FoundryTestSupport
import Testing

/// `foundry route train` and `foundry route eval` on the shared routing data.
@Suite("foundry route train / eval (end to end)", .serialized)
struct RouteTrainEvalTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    var routing: String { TestEnvironment.sharedData + "/routing" }

    func requireData() -> Bool {
        let present = FileManager.default.fileExists(atPath: routing + "/routerbench-mbpp_train.csv")
        if !present { Issue.record("shared routing data missing at \(routing) (tests read ../shared/data beside the repository)") }
        return present
    }

    @Test("eval --json has the documented shape and the held-out figures; --plot writes an SVG")
    func eval() async throws {
        guard requireData() else { return }
        let files = ["arc_challenge", "mbpp", "winograde"].map { routing + "/routerbench-\($0)_train.csv" }
        let r = try await CommandRunner.foundry(["route", "eval", "--data"] + files + ["--json", "--plot", home + "/curve.svg"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["prompts"] as? Int == 445)
        let policies = try #require(doc["policies"] as? [[String: Any]])
        #expect(Set(policies.compactMap { $0["name"] as? String }) == ["quality", "balanced", "cost"])
        #expect(policies.allSatisfy { $0["accuracy"] is Double && $0["cost_usd"] is Double })
        let baselines = try #require(doc["baselines"] as? [[String: Any]])
        #expect(baselines.contains { $0["name"] as? String == "gpt-4-1106-preview" })
        #expect(baselines.contains { $0["name"] as? String == "always-cheapest" })
        #expect(baselines.contains { $0["name"] as? String == "random-at-matched-cost" })
        let oracle = try #require(doc["oracle"] as? [String: Any])
        #expect((oracle["accuracy"] as? Double ?? 0) > 0.97)
        let svg = try String(contentsOfFile: home + "/curve.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.contains("oracle"))
    }

    @Test("train writes a model that route and eval then use")
    func train() async throws {
        guard requireData() else { return }
        let model = home + "/q.json"
        let r = try await CommandRunner.foundry(["route", "train", "--data", routing + "/routerbench-mbpp_train.csv", "--out", model], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("gpt-4-1106-preview"))
        #expect(r.stderr.contains("held out 20% of the rows of each file (seed 42"))
        #expect(r.stderr.contains("no catalog mapping"), "dataset models without a catalog mapping are named")
        func qualities(_ extra: [String]) async throws -> [String: Double] {
            let r = try await CommandRunner.foundry(["route", "Write a function that adds two numbers", "--dry-run", "--assume-keys", "--json"] + extra, home: home)
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let candidates = try #require((doc["decision"] as? [String: Any])?["candidates"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: candidates.compactMap { c in (c["id"] as? String).map { ($0, c["quality"] as? Double ?? -1) } })
        }
        let trained = try await qualities(["--quality-model", model])
        let shipped = try await qualities([])
        #expect(trained["openai/gpt-5"] != nil)
        #expect(trained["openai/gpt-5"] != shipped["openai/gpt-5"], "the trained model's predictions are the ones used")
        let eval = try await CommandRunner.foundry(["route", "eval", "--data", routing + "/routerbench-mbpp_train.csv", "--model", model], home: home)
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("balanced"))
    }

    @Test("bad training data: file and line; no correctness columns lists the columns found")
    func badData() async throws {
        let malformed = home + "/bad.csv"
        try "prompt,gpt-4-1106-preview,claude-v2\n\"unterminated,1,0\n".write(toFile: malformed, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["route", "train", "--data", malformed, "--out", home + "/x.json"], home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains(malformed) && r.stderr.contains("line"), "\(r.stderr)")
        let noColumns = home + "/nocols.csv"
        try "prompt,answer,notes\nhello,world,x\n".write(toFile: noColumns, atomically: true, encoding: .utf8)
        let n = try await CommandRunner.foundry(["route", "train", "--data", noColumns, "--out", home + "/x.json"], home: home)
        #expect(n.status != 0)
        #expect(n.stderr.contains("prompt") && n.stderr.contains("answer") && n.stderr.contains("notes"), "\(n.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/x.json"), "no half-written model")
    }
}
