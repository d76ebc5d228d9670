import FoundryCore
import Testing

@Suite("TOML parser")
struct TOMLParserTests {
    @Test("parses the TOML a config file uses")
    func document() throws {
        let text = #"""
            # foundry config
            title = "x" # trailing comment
            [defaults]
            prefer = 'balanced'
            max_tokens = 1_024
            budget_daily_usd = 2.5e0
            plugins = [
              "/a.so",  # first
              "/b.so",
            ]
            [providers.azure]
            base_url = "https://r.openai.azure.com"
            deployments = { "gpt-5-mini" = "prod", other = "x" }
            [providers."my vllm"]
            kind = "openai-compatible"
            [[models]]
            provider = "p"
            flags = [true, false]
            [[models]]
            provider = "q"
            prices.input = 0.5
            multi = """
            line one \
              continued
            line two"""
            when = 1979-05-27 07:32:00Z
            hex = 0xff
            neg = -17
            inf = -inf
            esc = "tab\there \u00e9 \U0001F600"
            """#
        let root = try TOMLParser.parse(text)
        #expect(root["title"] == .string("x"))
        guard case .table(let defaults)? = root["defaults"] else { Issue.record("no defaults"); return }
        #expect(defaults["prefer"] == .string("balanced"))
        #expect(defaults["max_tokens"] == .integer(1024))
        #expect(defaults["budget_daily_usd"] == .float(2.5))
        #expect(defaults["plugins"] == .array([.string("/a.so"), .string("/b.so")]))
        #expect(defaults.lines["max_tokens"] == 5)
        guard case .table(let providers)? = root["providers"], case .table(let azure)? = providers["azure"],
              case .table(let vllm)? = providers["my vllm"] else { Issue.record("no providers"); return }
        #expect(azure["deployments"]?.json == .object(["gpt-5-mini": .string("prod"), "other": .string("x")]))
        #expect(vllm["kind"] == .string("openai-compatible"))
        guard case .array(let models)? = root["models"], models.count == 2, case .table(let second) = models[1] else {
            Issue.record("no models"); return
        }
        #expect(second["prices"]?.json == .object(["input": .number(0.5)]))
        #expect(second["multi"] == .string("line one continued\nline two"))
        #expect(second["when"] == .datetime("1979-05-27T07:32:00Z"))
        #expect(second["hex"] == .integer(255))
        #expect(second["neg"] == .integer(-17))
        #expect(second["inf"] == .float(-.infinity))
        #expect(second["esc"] == .string("tab\there é 😀"))
    }

    @Test("errors name the line", arguments: [
        ("a = 1\nb = \n", 2, "expected a value after '='"),
        ("a = 1\n[t]\nx = 1\n[t]\n", 4, "defined twice"),
        ("a = 1\na = 2\n", 2, "defined twice"),
        ("[x]\nkey value\n", 2, "expected '='"),
        ("s = \"unterminated\n", 1, "newline in a single-line string"),
        ("n = 012\n", 1, "invalid value"),
        ("v = bare\n", 1, "strings must be quoted"),
        ("a = [1, 2\nb = 3\n", 2, "expected ',' or ']'"),
        ("a = 1 b = 2\n", 1, "one key = value per line"),
        ("x = \"\\q\"\n", 1, "invalid escape"),
        ("t = {a = 1}\n[t]\n", 2, "defined twice"),
    ])
    func errors(text: String, line: Int, message: String) {
        do {
            _ = try TOMLParser.parse(text)
            Issue.record("expected an error for \(text.debugDescription)")
        } catch {
            #expect(error.line == line, "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
