import Foundation
import FoundryTestSupport
import Testing

/// `foundry models` as a user runs it: the built binary, a private HOME, no keys.
@Suite("foundry models (end to end)")
struct ModelsCommandTests {
    let home: String

    init() throws { home = try TestEnvironment.temporaryDirectory() }

    @Test("the table lists providers, prices and where each model runs")
    func table() async throws {
        let r = try await CommandRunner.foundry(["models"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("PROVIDER") == true)
        for column in ["CONTEXT", "TOOLS", "JSON", "IN $/M", "CACHED $/M", "OUT $/M", "WHERE"] {
            #expect(lines.first?.contains(column) == true, "missing column \(column)")
        }
        #expect(lines.contains { $0.hasPrefix("openai ") && $0.contains("gpt-4o-mini") && $0.contains("0.15") && $0.contains("0.60") })
        #expect(lines.contains { $0.hasPrefix("local ") && $0.contains("local") })
    }

    @Test("filters: provider, needs, max input price; JSON has source and date of every price")
    func filters() async throws {
        let r = try await CommandRunner.foundry(["models", "--provider", "openai", "--needs", "tools,vision", "--max-input-price", "0.5", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row["provider"] as? String == "openai")
            let caps = row["capabilities"] as? [String] ?? []
            #expect(caps.contains("tools") && caps.contains("vision"))
            #expect(((row["prices"] as? [String: Any])?["input"] as? Double ?? 99) <= 0.5)
            let source = row["price_source"] as? [String: Any]
            #expect(source?["url"] != nil && source?["as_of"] != nil)
            #expect(row["ready"] as? Bool == false)
            #expect((row["unavailable_reason"] as? String)?.contains("OPENAI_API_KEY") == true)
        }
        let ready = try await CommandRunner.foundry(["models", "--provider", "openai", "--json"], home: home, environment: ["OPENAI_API_KEY": "sk-test-abcdef0123456789"])
        let readyRows = try #require(try JSONSerialization.jsonObject(with: Data(ready.stdout.utf8)) as? [[String: Any]])
        #expect(readyRows.allSatisfy { $0["ready"] as? Bool == true })
        #expect(!ready.stdout.contains("abcdef0123456789"))
    }

    @Test("retired models are hidden unless --all, and keep their prices and retirement date")
    func retired() async throws {
        func ids(_ arguments: [String]) async throws -> [String: [String: Any]] {
            let r = try await CommandRunner.foundry(arguments, home: home)
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", $0) })
        }
        let current = try await ids(["models", "--provider", "openai", "--json"])
        let all = try await ids(["models", "--provider", "openai", "--all", "--json"])
        #expect(current["openai/o4-mini"] == nil)
        let o4 = try #require(all["openai/o4-mini"])
        #expect(o4["retirement_date"] as? String == "2026-10-23")
        #expect(((o4["prices"] as? [String: Any])?["input"] as? Double ?? 0) > 0)
        #expect(current["openai/gpt-4o-mini"] != nil)
    }

    @Test("GGUF files in --models-dir appear as local models with their metadata")
    func localFiles() async throws {
        guard let python = ReferencePeers.python() else { return }
        let dir = home + "/models"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try await ReferencePeers.makeModel(python: python, at: dir + "/Tiny-Test.gguf", extra: ["--ctx", "2048", "--name", "Tiny Test"])
        let r = try await CommandRunner.foundry(["models", "--provider", "local", "--models-dir", dir, "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let tiny = try #require(rows.first { $0["id"] as? String == "local/tiny-test" })
        #expect(tiny["context_window"] as? Int == 2048)
        #expect(tiny["display_name"] as? String == "Tiny Test")
        #expect(tiny["path"] as? String == dir + "/Tiny-Test.gguf")
        #expect(tiny["location"] as? String == "local")
    }

    @Test("a config file adds on-prem models and overrides prices")
    func configModels() async throws {
        let config = home + "/c.toml"
        try """
            [providers.vllm]
            kind = "openai-compatible"
            base_url = "http://127.0.0.1:9/v1"
            location = "on-prem"
            [[models]]
            provider = "vllm"
            model = "qwen-72b"
            context_window = 32768
            location = "on-prem"
            [overrides."openai/gpt-4o"]
            prices = { input = 1.5 }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["models", "--config", config, "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let qwen = try #require(rows.first { $0["id"] as? String == "vllm/qwen-72b" })
        #expect(qwen["location"] as? String == "on-prem")
        #expect(qwen["ready"] as? Bool == true)
        let gpt4o = try #require(rows.first { $0["id"] as? String == "openai/gpt-4o" })
        #expect((gpt4o["prices"] as? [String: Any])?["input"] as? Double == 1.5)
    }

    @Test("bad input: clear one-line errors with the documented exit codes", arguments: [
        (["models", "--needs", "telepathy"], Int32(2), "unknown capability 'telepathy'"),
        (["models", "--provider", "acme"], Int32(2), "unknown provider 'acme'"),
        (["models", "--max-input-price=-1"], Int32(2), "--max-input-price must be a non-negative number"),
        (["models", "--config", "/nonexistent/c.toml"], Int32(2), "cannot open config '/nonexistent/c.toml': no such file"),
        (["models", "--bogus"], Int32(2), "Unknown option '--bogus'"),
        (["models", "check", "gpt-4o-mni"], Int32(2), "unknown model 'gpt-4o-mni'"),
        (["models", "check", "openai/gpt-4o-mini"], Int32(2), "no API key for provider 'openai'"),
        (["models", "--plugin", "/nonexistent/x.so"], Int32(2), "plugin '/nonexistent/x.so' refused: no such file"),
    ])
    func badInput(arguments: [String], status: Int32, message: String) async throws {
        let r = try await CommandRunner.foundry(arguments, home: home)
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
    }

    @Test("a malformed config names the file and line")
    func malformedConfig() async throws {
        let config = home + "/config/foundry/config.toml"
        try FileManager.default.createDirectory(atPath: home + "/config/foundry", withIntermediateDirectories: true)
        try "[defaults]\nprefer = \"balanced\"\nmax_tokens = many\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["models"], home: home)
        #expect(r.status == 2)
        #expect(r.stderr.trimmingCharacters(in: .newlines) == "foundry: config '\(config)' line 3: invalid value 'many' (strings must be quoted)")
    }
}
