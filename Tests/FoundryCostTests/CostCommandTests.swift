import Foundation
import FoundryTestSupport
import Testing

/// `foundry cost` as a user runs it, with prices from a catalog file the test writes.
@Suite("foundry cost (end to end)")
struct CostCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    /// A LiteLLM-format price map: several providers, tiered and cached prices, a batch price,
    /// an embedding model (ignored) and two malformed entries.
    static let liteLLM = #"""
        {
          "sample_spec": {"max_tokens": "LEGACY", "input_cost_per_token": 0},
          "acme-large": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                         "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
                         "input_cost_per_token_batches": 1.25e-06, "supports_function_calling": true, "supports_vision": true,
                         "some_future_field": {"x": 1}},
          "azure/acme-mini": {"litellm_provider": "azure", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                              "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08},
          "gemini/acme-pro": {"litellm_provider": "gemini", "mode": "chat", "max_input_tokens": 1048576, "max_output_tokens": 65536,
                              "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
                              "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05,
                              "cache_read_input_token_cost": 1.25e-07, "cache_read_input_token_cost_above_200k_tokens": 2.5e-07},
          "acme-sonnet": {"litellm_provider": "anthropic", "mode": "chat", "max_input_tokens": 200000, "max_output_tokens": 64000,
                          "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
                          "cache_creation_input_token_cost": 3.75e-06},
          "acme-embed": {"litellm_provider": "openai", "mode": "embedding", "max_input_tokens": 8191, "input_cost_per_token": 1e-07, "output_cost_per_token": 0},
          "broken-price": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 1000, "input_cost_per_token": "cheap", "output_cost_per_token": 1e-06},
          "no-provider": {"mode": "chat", "max_input_tokens": 1000, "input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06}
        }
        """#

    func importCatalog() async throws -> CommandResult {
        let file = home + "/prices.json"
        try Self.liteLLM.write(toFile: file, atomically: true, encoding: .utf8)
        return try await CommandRunner.foundry(["cost", "catalog", "import", file, "--as-of", "2026-11-20"], home: home)
    }

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test("import a LiteLLM price map: chat models kept, malformed ones reported by key, others ignored")
    func importLiteLLM() async throws {
        let r = try await importCatalog()
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first == ["PROVIDER", "MODEL", "CONTEXT", "IN", "$/M", "CACHED", "$/M", "OUT", "$/M", "TIERS"])
        #expect(rows.contains(["openai", "acme-large", "128,000", "2.50", "1.25", "10.00"]))
        #expect(rows.contains(["azure", "acme-mini", "128,000", "0.15", "0.075", "0.60"]))
        #expect(rows.contains(["gemini", "acme-pro", "1,048,576", "1.25", "0.12", "10.00", ">200,000"]))  // 0.125 shown to cents, half to even
        #expect(rows.contains(["anthropic", "acme-sonnet", "200,000", "3.00", "0.30", "15.00"]))
        #expect(rows.count == 5)
        #expect(r.stderr.contains("skipped 'broken-price': input_cost_per_token is not a non-negative number"))
        #expect(r.stderr.contains("skipped 'no-provider': no litellm_provider"))
        #expect(r.stderr.contains("imported 4 chat model(s)"))
        #expect(r.stderr.contains("2 malformed entries skipped, 1 non-chat entries ignored"))
    }

    @Test("estimate after import: plain, cached, tiered, batch and reasoning, with the arithmetic")
    func estimate() async throws {
        _ = try await importCatalog()
        // acme-large: 10,000 in (8,000 cached) + 1,000 out = 2,000×2.50 + 8,000×1.25 + 1,000×10 per M = $0.025
        let cached = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/acme-large", "--input", "10000", "--cached", "8000",
                                                      "--output", "1000", "--requests", "1000", "--per", "day", "--json"], home: home)
        #expect(cached.status == 0, "\(cached.stderr)")
        let row = try #require((try json(cached)["models"] as? [[String: Any]])?.first)
        #expect(row["per_request_usd"] as? Double == 0.025)
        #expect(row["total_usd"] as? Double == 25)
        #expect(row["per_month_usd"] as? Double == 750)
        #expect((row["price_source"] as? [String: Any])?["as_of"] as? String == "2026-11-20")

        // acme-pro above 200k: 250,000 × 2.50 + 2,000 × 15 per M = $0.655
        let tier = try await CommandRunner.foundry(["cost", "estimate", "--model", "gemini/acme-pro", "--input", "250000", "--output", "2000", "--explain"], home: home)
        #expect(tier.status == 0, "\(tier.stderr)")
        #expect(tier.stdout.contains("long-context prices apply"))
        #expect(tier.stdout.contains("input: 250,000 × $2.5/M = $0.625000"))
        #expect(tier.stdout.contains("per request: $0.655000"))

        // batch: (10,000 × 2.50 + 1,000 × 10) / M × 0.5 = $0.0175; reasoning 1,500 on top of 500 output billed as 2,000 output
        let batch = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/acme-large", "--input", "10000", "--output", "500",
                                                     "--reasoning", "500", "--batch", "--json"], home: home)
        let batchRow = try #require((try json(batch)["models"] as? [[String: Any]])?.first)
        #expect(batchRow["per_request_usd"] as? Double == 0.0175)
        #expect(batchRow["batch_discount"] as? Double == 0.5)

        // several models in one table, cents in the table
        let table = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/acme-large", "--model", "azure/acme-mini",
                                                     "--input", "1000", "--output", "500", "--requests", "1000000"], home: home)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("openai/acme-large") && table.stdout.contains("$7,500.00"))  // 0.0075 × 1,000,000
        #expect(table.stdout.contains("azure/acme-mini") && table.stdout.contains("$450.00"))      // (150 + 300) / 1e6 × 1e6... 0.00045 × 1e6
    }

    @Test("realtime audio per minute from the embedded catalog's audio prices")
    func audio() async throws {
        let r = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/gpt-realtime", "--audio-in-min", "3", "--audio-out-min", "2", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r)
        let tokens = try #require(doc["tokens_per_request"] as? [String: Any])
        #expect(tokens["audio_input"] as? Int == 1800 && tokens["audio_output"] as? Int == 2400)
        let row = try #require((doc["models"] as? [[String: Any]])?.first)
        let lines = try #require(row["lines"] as? [[String: Any]])
        let audioIn = try #require(lines.first { $0["what"] as? String == "audio input" })
        let price = try #require(audioIn["usd_per_million"] as? Double)
        #expect(abs((audioIn["usd"] as? Double ?? 0) - 1800 * price / 1e6) < 1e-9)
    }

    @Test("compare: sorted by the cost of the mix, as a table, JSON and CSV")
    func compare() async throws {
        _ = try await importCatalog()
        let r = try await CommandRunner.foundry(["cost", "compare", "--provider", "openai,azure,gemini,anthropic", "--input", "3000", "--output", "1000", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let models = try #require(try json(r)["models"] as? [[String: Any]])
        let costs = models.compactMap { $0["mix_cost_usd"] as? Double }
        #expect(costs == costs.sorted())
        let mini = try #require(models.first { $0["id"] as? String == "azure/acme-mini" })
        #expect(mini["mix_cost_usd"] as? Double == 0.00105)  // 3,000 × 0.15 + 1,000 × 0.60 per M
        let csv = try await CommandRunner.foundry(["cost", "compare", "--provider", "azure", "--csv"], home: home)
        #expect(csv.stdout.hasPrefix("provider,model,id,context_window,input_usd_per_m,"))
        #expect(csv.stdout.contains("azure,acme-mini,azure/acme-mini,128000,0.15,0.075,0.6,0.2625,2026-11-20"))  // 750k×0.15 + 250k×0.60
        let table = try await CommandRunner.foundry(["cost", "compare", "--provider", "azure"], home: home)
        #expect(table.stdout.contains("MIX COST"))
        #expect(table.stderr.contains("prices: "))
    }

    @Test("report: totals and savings against a baseline from a usage log")
    func report() async throws {
        _ = try await importCatalog()
        let log = home + "/state/foundry/usage.jsonl"
        try FileManager.default.createDirectory(atPath: home + "/state/foundry", withIntermediateDirectories: true)
        let lines = [
            // logged costs: 0.01 and 0.02 on acme-mini; one call on acme-large without a logged cost (repriced)
            #"{"id":"1","time":"2026-11-10T10:00:00.000Z","source":"route","model":"azure/acme-mini","provider":"azure","decision_id":"d1","usage":{"input_tokens":10000,"output_tokens":2000},"cost_usd":0.01,"status":"ok"}"#,
            #"{"id":"2","time":"2026-11-11T10:00:00.000Z","source":"route","model":"azure/acme-mini","provider":"azure","decision_id":"d2","usage":{"input_tokens":20000,"output_tokens":4000},"cost_usd":0.02,"status":"ok"}"#,
            #"{"id":"3","time":"2026-11-11T12:00:00.000Z","source":"bench","model":"openai/acme-large","provider":"openai","usage":{"input_tokens":1000,"output_tokens":500},"status":"ok"}"#,
            #"{"id":"4","time":"2026-10-01T12:00:00.000Z","source":"route","model":"openai/acme-large","provider":"openai","usage":{"input_tokens":1000,"output_tokens":500},"cost_usd":9,"status":"ok"}"#,
            #"{"torn": "#,
        ]
        try (lines.joined(separator: "\n")).write(toFile: log, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["cost", "report", "--since", "2026-11-01", "--by", "model", "--baseline", "openai/acme-large", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r)
        let total = try #require(doc["total"] as? [String: Any])
        #expect(total["requests"] as? Int == 3)
        // actual: 0.01 + 0.02 + repriced (1,000 × 2.50 + 500 × 10)/M = 0.0075 → 0.0375
        #expect(total["cost_usd"] as? Double == 0.0375)
        // baseline on acme-large: (31,000 × 2.50 + 6,500 × 10)/M = 0.0775 + 0.065 = 0.1425
        #expect(total["baseline_usd"] as? Double == 0.1425)
        #expect(total["saving_usd"] as? Double == 0.105)
        #expect(doc["repriced"] as? Int == 1)
        #expect(r.stderr.contains("skipped 1 malformed"))
        let groups = try #require(doc["groups"] as? [[String: Any]])
        #expect(groups.map { $0["key"] as? String } == ["azure/acme-mini", "openai/acme-large"])

        let byDay = try await CommandRunner.foundry(["cost", "report", "--by", "day", "--until", "2026-11-10"], home: home)
        #expect(byDay.status == 0, "\(byDay.stderr)")
        #expect(byDay.stdout.contains("2026-10-01") && byDay.stdout.contains("2026-11-10") && !byDay.stdout.contains("2026-11-11"))
        #expect(byDay.stdout.contains("$9.01"))
    }

    @Test("prices last confirmed more than 90 days ago carry a warning")
    func stalePrices() async throws {
        let file = home + "/old-prices.json"
        try Self.liteLLM.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["cost", "compare", "--provider", "azure", "--catalog", file], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("older than 90 days: azure/acme-mini"), "a file modified today is fresh")
        let imported = try await CommandRunner.foundry(["cost", "catalog", "import", file, "--as-of", "2026-01-02"], home: home)
        #expect(imported.status == 0)
        let stale = try await CommandRunner.foundry(["cost", "compare", "--provider", "azure"], home: home)
        #expect(stale.stderr.contains("warning: prices older than 90 days:"))
        #expect(stale.stderr.contains("azure/acme-mini (2026-01-02)"))
    }

    @Test("an empty or missing log is a clear message, not a zero table")
    func noLog() async throws {
        let missing = try await CommandRunner.foundry(["cost", "report"], home: home)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no usage log at '\(home)/state/foundry/usage.jsonl' yet"))
        #expect(missing.stdout.isEmpty)
        try FileManager.default.createDirectory(atPath: home + "/state/foundry", withIntermediateDirectories: true)
        try "".write(toFile: home + "/state/foundry/usage.jsonl", atomically: true, encoding: .utf8)
        let empty = try await CommandRunner.foundry(["cost", "report"], home: home)
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no usage recorded in"))
    }

    @Test("bad input: clear errors with the documented exit codes", arguments: [
        (["cost", "estimate", "--model", "gpt-4o-mni", "--input", "10", "--output", "5"], Int32(2), "'openai/gpt-4o-mini'"),
        (["cost", "estimate", "--model", "openai/gpt-4o", "--input=-5", "--output", "5"], Int32(2), "--input must be a non-negative whole number of tokens, not '-5'"),
        (["cost", "estimate", "--model", "openai/gpt-4o", "--input", "many", "--output", "5"], Int32(2), "not 'many'"),
        (["cost", "estimate", "--model", "openai/gpt-4o", "--prompt-file", "/nonexistent/p.txt", "--output", "5"], Int32(1), "cannot read prompt file '/nonexistent/p.txt': no such file"),
        (["cost", "estimate", "--model", "openai/gpt-4o", "--input", "10"], Int32(2), "give --output N"),
        (["cost", "compare", "--input", "10"], Int32(2), "give both --input and --output"),
        (["cost", "report", "--since", "yesterday"], Int32(2), "--since must be a date as YYYY-MM-DD, not 'yesterday'"),
        (["cost", "catalog", "import", "/nonexistent/prices.json"], Int32(1), "cannot read catalog '/nonexistent/prices.json': no such file"),
        (["cost", "compare", "--catalog", "/nonexistent/prices.json"], Int32(1), "cannot read catalog '/nonexistent/prices.json'"),
    ])
    func badInput(arguments: [String], status: Int32, message: String) async throws {
        let r = try await CommandRunner.foundry(arguments, home: home)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("prompt files are counted, and an estimate says it is one")
    func promptFile() async throws {
        let file = home + "/prompt.txt"
        try String(repeating: "abcd", count: 250).write(toFile: file, atomically: true, encoding: .utf8)  // 1,000 bytes
        let r = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/gpt-4o", "--prompt-file", file, "--output", "0", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let count = try #require(try json(r)["input_count"] as? [String: Any])
        #expect(count["tokens"] as? Int == 250)
        #expect(count["exact"] as? Bool == false)
        #expect(r.stderr.contains("≈250 tokens") && r.stderr.contains("estimate: UTF-8 bytes ÷ 4"))
    }
}

@Suite("foundry cost: exact token counts")
struct CostTokenizerTests {
    @Test("--tokenizer-file counts a prompt file exactly, as tiktoken does")
    func tiktoken() async throws {
        guard let python = ReferencePeers.python() else { return }
        let home = try TestEnvironment.temporaryDirectory()
        let export = try await CommandRunner.run(python, [TestEnvironment.packageRoot + "/scripts/check_tiktoken.py", "--export-rank-files", home], inheritEnvironment: true)
        guard export.status == 0 else {
            if TestEnvironment.peersRequired { Issue.record("cannot export tiktoken rank files: \(export.stderr)") }
            return
        }
        let prompt = home + "/prompt.txt"
        let text = "Résumé of the 2026 roadmap:\n  - ship `foundry route` 🚀\n  - price 12345678 tokens; don't panic!\n日本語のテキストも。\n"
        try text.write(toFile: prompt, atomically: true, encoding: .utf8)
        let counted = try await CommandRunner.run(python, [TestEnvironment.packageRoot + "/scripts/check_tiktoken.py", "--rank-file", home + "/o200k_base.tiktoken", "--text-file", prompt], inheritEnvironment: true)
        #expect(counted.status == 0, "\(counted.stderr)")
        let expected = counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try await CommandRunner.foundry(["cost", "estimate", "--model", "openai/gpt-5-mini", "--prompt-file", prompt,
                                                 "--tokenizer-file", home + "/o200k_base.tiktoken", "--output", "10", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let count = try #require(doc["input_count"] as? [String: Any])
        #expect(count["exact"] as? Bool == true)
        #expect("\(count["tokens"] ?? "")" == expected.split(separator: " ").first.map(String.init) ?? expected)
        #expect(r.stderr.contains("tokens in '\(prompt)' (o200k_base from"))
    }
}
