import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@Suite("config.toml loading")
struct ConfigLoaderTests {
    @Test("providers, models and overrides; built-ins stay unless changed")
    func full() throws {
        let config = try ConfigLoader.parse(#"""
            [defaults]
            prefer = "cost"
            [providers.azure]
            base_url = "https://myres.openai.azure.com"
            azure_api = "deployment"
            deployments = { "gpt-5-mini" = "prod-mini" }
            first_byte_timeout_ms = 1500
            [providers.vllm]
            kind = "openai-compatible"
            base_url = "http://10.1.2.3:8000/v1"
            location = "on-prem"
            [[models]]
            provider = "vllm"
            model = "meta-llama/Llama-3.1-8B-Instruct"
            context_window = 131072
            capabilities = ["tools", "streaming"]
            location = "on-prem"
            prices = { input = 0, output = 0 }
            [overrides."openai/gpt-4o"]
            prices = { input = 2.0 }
            """#, path: "/etc/c.toml")
        #expect(config.defaults.prefer == "cost")
        let azure = try config.provider("azure")
        #expect(azure.kind == .azure)
        #expect(azure.azureAPI == .deployment)
        #expect(azure.apiKeyVariable == "AZURE_OPENAI_API_KEY", "built-in settings are kept")
        #expect(azure.deployments["gpt-5-mini"] == "prod-mini")
        #expect(azure.timeouts.firstByte == .milliseconds(1500))
        #expect(try config.provider("vllm").location == .onPrem)
        #expect(try config.provider("openai").baseURL == "https://api.openai.com/v1")
        #expect(config.models.first?.id == "vllm/meta-llama/Llama-3.1-8B-Instruct")
        #expect(config.models.first?.capabilities == [.tools, .streaming])
        #expect(config.overrides.first?.id == "openai/gpt-4o")
    }

    @Test("bad config: file and line named", arguments: [
        ("[defaults]\nprefer = \"cheap\"\n", "line 2: defaults.prefer: 'cheap' is not one of"),
        ("[providers.x]\nbase_url = \"http://h\"\n", "line 1: providers.x: a new provider needs kind"),
        ("[providers.openai]\nbase_url = 42\n", "line 2: providers.openai.base_url: expected a string, found integer"),
        ("[providers.openai]\nbase_url = \"ftp://x\"\n", "line 2: providers.openai.base_url: 'ftp://x' is not an http(s) URL"),
        ("[providers.openai]\nbse_url = \"http://x\"\n", "line 2: providers.openai: unknown key 'bse_url'"),
        ("[defualts]\n", "line 1: unknown section 'defualts'"),
        ("\n\n[[models]]\nprovider = \"openai\"\nmodel = \"m\"\n", "line 3: models[0]: context_window: required field missing"),
        ("[defaults\n", "line 1: expected ']'"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try ConfigLoader.parse(text, path: "/home/u/.config/foundry/config.toml")
            Issue.record("expected an error")
        } catch let error as FoundryError {
            #expect(error.message.hasPrefix("config '/home/u/.config/foundry/config.toml'"), "\(error.message)")
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.exitCode == ExitStatus.usage)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a model of an unknown provider is refused")
    func unknownProvider() {
        #expect(throws: FoundryError.self) {
            try ConfigLoader.parse("[[models]]\nprovider = \"nope\"\nmodel = \"m\"\ncontext_window = 1\n", path: "c.toml")
        }
    }

    @Test("keys in a file others can read are refused; a private file is accepted and its key redacted")
    func keyPermissions() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config.toml"
        let secret = "sk-fromconfig-9f8e7d6c5b4a"
        try "[providers.openai]\napi_key = \"\(secret)\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        do {
            _ = try ConfigLoader.load(path: path, explicit: true)
            Issue.record("a world-readable key file must be refused")
        } catch let error as FoundryError {
            #expect(error.message.contains("readable by others"))
            #expect(error.message.contains("644"))
            #expect(error.hint?.contains("chmod 600") == true)
            #expect(!error.message.contains(secret))
        }
        chmod(path, 0o600)
        let config = try ConfigLoader.load(path: path, explicit: true)
        let credential = KeyStore(environment: [:]).credential(for: try config.provider("openai"))
        #expect(credential?.value == secret)
        #expect(credential?.source == "config file (providers.openai.api_key)")
        #expect(!"\(credential!)".contains(secret))
        #expect(Redactor.shared.redact("the key is \(secret).") == "the key is [REDACTED].")
    }

    @Test("an explicit --config that does not exist is an error; a missing default is not")
    func missingFile() throws {
        #expect(throws: FoundryError.self) { try ConfigLoader.load(path: "/nonexistent/foundry.toml", explicit: true) }
        let config = try ConfigLoader.load(path: "/nonexistent/foundry.toml", explicit: false)
        #expect(config.providers["openai"] != nil)
    }

    @Test("the environment key wins over the file, and missing keys name the variables")
    func keyStore() throws {
        var settings = ProviderSettings.builtIn.first { $0.name == "azure" }!
        settings.apiKey = "file-key-123456"
        let keys = KeyStore(environment: ["AZURE_OPENAI_API_KEY": "env-key-abcdef"])
        #expect(keys.credential(for: settings)?.value == "env-key-abcdef")
        let none = KeyStore(environment: [:])
        settings.apiKey = nil
        do {
            _ = try none.requireCredential(for: settings)
            Issue.record("expected a missing-key error")
        } catch let error as FoundryError {
            #expect(error.hint?.contains("AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN") == true)
        }
        let local = ProviderSettings.builtIn.first { $0.name == "local" }!
        #expect(none.hasUsableKey(for: local), "the local provider needs no key")
    }
}

@Suite("Built-in provider defaults")
struct BuiltInProviderTests {
    @Test("the local provider calls run serve's default port (8081), never route serve's (8080)")
    func localPort() throws {
        let local = try #require(ProviderSettings.builtIn.first { $0.name == "local" })
        #expect(local.baseURL == "http://127.0.0.1:8081/v1")
    }
}
