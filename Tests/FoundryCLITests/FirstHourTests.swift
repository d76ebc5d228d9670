import Foundation
import FoundryTestSupport
import Testing

/// What a new user hit in the first hour on a fresh clone, each as they typed it.
@Suite("A new user's first hour: refused connections, odd files, typos, dry runs", .serialized)
struct FirstHourTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    func foundry(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        try await CommandRunner.foundry(arguments, home: home, environment: environment)
    }

    /// A config whose on-prem provider listens nowhere.
    func deadConfig() throws -> String {
        let path = home + "/dead.toml"
        try OnPremConfig.write(baseURL: "http://127.0.0.1:\(ReferencePeers.freePort())/v1", to: path)
        return path
    }

    @Test("a refused connection fails each attempt at once, and every retry and fallback says so on stderr")
    func refusedConnection() async throws {
        let config = try deadConfig()
        let started = Date()
        let route = try await foundry(["route", "hi", "--config", config, "--provider", "onprem"])
        #expect(route.status == 4, "\(route.stderr)")
        #expect(Date().timeIntervalSince(started) < 8, "a refused connection must not wait for the connect timeout")
        #expect(route.stderr.contains("failed before its first token") && route.stderr.contains("connection refused"), "\(route.stderr)")
        #expect(route.stderr.contains("retrying it in") && route.stderr.contains("trying onprem/"), "\(route.stderr)")
        let checkStarted = Date()
        let check = try await foundry(["models", "check", "onprem/small", "--config", config])
        #expect(check.status == 4 && check.stderr.contains("connection refused"), "\(check.stderr)")
        #expect(Date().timeIntervalSince(checkStarted) < 5)
    }

    @Test("a directory or a device given as a file is called what it is")
    func filesThatAreNotFiles() async throws {
        let cases: [([String], String)] = [
            (["route", "hi", "--file", home, "--dry-run", "--assume-keys"], "it is a directory"),
            (["route", "hi", "--file", "/dev/null", "--dry-run", "--assume-keys"], "it is a character device"),
            (["cost", "estimate", "--model", "openai/gpt-5-mini", "--prompt-file", home, "--output", "10"], "it is a directory"),
            (["cost", "estimate", "--model", "openai/gpt-5-mini", "--prompt-file", "/dev/null", "--output", "10"], "it is a character device"),
            (["models", "--config", home], "it is a directory"),
            (["models", "--config", "/dev/null"], "it is a character device"),
        ]
        for (arguments, reason) in cases {
            let r = try await foundry(arguments)
            #expect(r.status != 0 && r.stderr.contains(reason) && !r.stderr.contains("permission denied"), "\(arguments): \(r.stderr)")
        }
    }

    @Test("route refuses an unknown provider, exclusion and region, with a did-you-mean")
    func routeValidatesNames() async throws {
        let provider = try await foundry(["route", "hi", "--provider", "anthropc", "--dry-run", "--assume-keys"])
        #expect(provider.status == 2 && provider.stderr.contains("unknown provider 'anthropc'") && provider.stderr.contains("did you mean 'anthropic'"),
                "\(provider.stderr)")
        #expect(provider.stderr.split(separator: "\n").count <= 3, "one error and a hint, not a list of rejections: \(provider.stderr)")
        let models = try await foundry(["models", "--provider", "anthropc"])
        #expect(models.status == 2 && models.stderr.contains("did you mean 'anthropic'"), "\(models.stderr)")
        let region = try await foundry(["route", "hi", "--region", "mars", "--dry-run", "--assume-keys"])
        #expect(region.status == 2 && region.stderr.contains("unknown region family 'mars'") && region.stderr.contains("eu"), "\(region.stderr)")
        let exclude = try await foundry(["route", "hi", "--exclude", "opnai", "--dry-run", "--assume-keys"])
        #expect(exclude.status == 2 && exclude.stderr.contains("did you mean 'openai'"), "\(exclude.stderr)")
        let fine = try await foundry(["route", "hi", "--region", "eu", "--exclude", "openai,azure/gpt-5", "--dry-run", "--assume-keys"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test("negative numbers are refused by the option's own rule and the subcommand's usage")
    func negativeNumbers() async throws {
        for arguments in [["--input", "-100"], ["--input=-100"]] {
            let r = try await foundry(["cost", "estimate", "--model", "openai/gpt-5-mini", "--output", "10"] + arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("--input must be a non-negative whole number of tokens, not '-100'"), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("Missing value") && !r.stderr.contains("foundry <subcommand>"), "\(arguments): \(r.stderr)")
        }
    }

    @Test("cost compare shows small amounts with digits to compare, and says which rows took a long-context tier")
    func costDigits() async throws {
        let r = try await foundry(["cost", "compare", "--needs", "tools", "--input", "2000", "--output", "500"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("<$0.01"), "\(r.stdout)")
        let costs = Set(r.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").last.map(String.init) })
        #expect(costs.count > 5, "rows must be told apart: \(costs)")
        let blend = try await foundry(["cost", "compare", "--provider", "gemini", "--all"])
        #expect(blend.stderr.contains("long-context tiers apply per request"), "\(blend.stderr)")
        #expect(!blend.stdout.contains("†"))
        let long = try await foundry(["cost", "compare", "--provider", "gemini", "--input", "300000", "--output", "1000"])
        #expect(long.stdout.contains("†") && long.stderr.contains("† gemini/gemini-2.5-pro: long-context prices"), "\(long.stdout)\n\(long.stderr)")
        let one = try await foundry(["cost", "estimate", "--model", "openai/gpt-5-mini", "--input", "100", "--output", "10", "--explain"])
        #expect(one.stdout.contains("× 1 request =") || one.stderr.contains("× 1 request ="), "\(one.stdout)\(one.stderr)")
    }

    @Test("route train fails at once when --out cannot be written")
    func trainOutChecked() async throws {
        let started = Date()
        let r = try await foundry(["route", "train", "--data", TestEnvironment.sharedData + "/routing", "--out", home + "/missing/dir/q.json"])
        #expect(r.status == 2 && r.stderr.contains("does not exist"), "\(r.stderr)")
        let dir = try await foundry(["route", "train", "--data", TestEnvironment.sharedData + "/routing", "--out", home])
        #expect(dir.status == 2 && dir.stderr.contains("is a directory"), "\(dir.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("a dry run's decision is its result: stdout, kept by --quiet, JSON even when nothing can be called")
    func dryRunOnStdout() async throws {
        let plan = try await foundry(["route", "Write a haiku", "--dry-run", "--assume-keys", "--quiet"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.hasPrefix("decision ") && plan.stdout.contains("RANK  MODEL") && plan.stdout.contains("→1"), "\(plan.stdout)")
        #expect(plan.stderr.isEmpty, "\(plan.stderr)")
        let none = try await foundry(["route", "Write a haiku", "--dry-run", "--json"])
        #expect(none.status == 3, "\(none.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any]
        #expect((doc?["decision"] as? [String: Any])?["rejected"] != nil, "\(none.stdout)")
    }

    @Test("a one-word prompt that names a subcommand goes after --, and the error says so")
    func oneWordPrompts() async throws {
        let r = try await foundry(["route", "--dry-run", "--assume-keys", "--", "train"])
        #expect(r.status == 0, "\(r.stderr)")
        let train = try await foundry(["route", "train"])
        #expect(train.status == 2 && train.stderr.contains("foundry route -- train"), "\(train.stderr)")
        let help = try await foundry(["route", "--help"])
        #expect(help.stdout.contains("foundry route -- serve"), "\(help.stdout)")
    }

    @Test("a plugin whose server is down says so: plugins check, plugins, models check")
    func pluginHostDown() async throws {
        let plugin = TestEnvironment.plugin("FoundryOllama")
        let env = ["OLLAMA_HOST": "127.0.0.1:\(ReferencePeers.freePort())"]
        let check = try await foundry(["plugins", "check", plugin], environment: env)
        #expect(check.status == 0 && check.stdout.contains("no models: ollama plugin: the Ollama server at http://127.0.0.1:"), "\(check.stdout)")
        #expect(check.stdout.contains("unreachable") && !check.stdout.contains("0 model(s): "), "\(check.stdout)")
        let models = try await foundry(["models", "check", "ollama/llama3.2:1b", "--plugin", plugin], environment: env)
        #expect(models.status == 2 && models.stderr.contains("the ollama plugin lists no models") && models.stderr.contains("unreachable"),
                "\(models.stderr)")
        #expect(!models.stderr.contains("did you mean"), "\(models.stderr)")
    }

    @Test("no line is said twice: a missing plugin, the echo voice server, run serve's warnings")
    func noDuplicateLines() async throws {
        let missing = try await foundry(["plugins", "--plugin", "/nonexistent.so"])
        #expect(missing.status != 0)
        #expect(missing.stderr.components(separatedBy: "/nonexistent.so").count == 2, "\(missing.stderr)")
        // Output.warning adds "foundry: warning: " itself; a message that starts with "foundry:" doubles it.
        let sources = TestEnvironment.packageRoot + "/Sources"
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }).filter({ $0.hasSuffix(".swift") }) ?? [] {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            #expect(!text.contains(#"warning("foundry:"#), "\(file) words a warning as foundry: warning: foundry:")
        }
    }
}
