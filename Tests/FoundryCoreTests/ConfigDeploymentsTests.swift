import Foundation
import FoundryCatalog
import FoundryCore
import FoundryTestSupport
import Testing

/// `[[deployments]]`: one model served from several places.
@Suite("config.toml deployments")
struct ConfigDeploymentsTests {
    static let providers = """
        [providers.gpu1]
        kind = "openai-compatible"
        base_url = "http://10.0.0.1:8081/v1"
        [providers.gpu2]
        kind = "openai-compatible"
        base_url = "http://10.0.0.2:8081/v1"

        """

    @Test("several entries naming one model; name defaults to the provider's, upstream_model is optional")
    func parsed() throws {
        let config = try ConfigLoader.parse(Self.providers + """
            [[deployments]]
            model = "openai/gpt-4o"
            provider = "gpu1"
            [[deployments]]
            model = "openai/gpt-4o"
            provider = "gpu2"
            name = "second"
            upstream_model = "gpt-4o-2024-08-06"
            [[deployments]]
            model = "openai/gpt-4o"
            provider = "openai"
            """, path: "c.toml")
        #expect(config.deployments.map(\.name) == ["gpu1", "second", "openai"])
        #expect(config.deployments.map(\.provider) == ["gpu1", "gpu2", "openai"])
        #expect(config.deployments[1].upstreamModel == "gpt-4o-2024-08-06")
        #expect(config.deployments[0].upstreamModel == nil)
        #expect(config.deployments[2].line == 15)
    }

    @Test("bad deployments: one line naming the file, the line and the field", arguments: [
        ("[[deployments]]\nmodel = \"openai/gpt-4o\"\nprovider = \"gpu9\"\n", "line 7: deployments[0].provider: unknown provider 'gpu9'"),
        ("[[deployments]]\nmodel = \"openai/gpt-4o\"\nprovider = \"gpu1\"\n[[deployments]]\nmodel = \"openai/gpt-4o\"\nprovider = \"gpu1\"\n",
         "line 10: deployments[1]: model 'openai/gpt-4o' already has a deployment named 'gpu1' (line 7)"),
        ("[[deployments]]\nprovider = \"gpu1\"\n", "line 7: deployments[0].model: missing"),
        ("[[deployments]]\nmodel = \"openai/gpt-4o\"\n", "line 7: deployments[0].provider: missing"),
        ("[[deployments]]\nmodel = \"openai/gpt-4o\"\nprovider = \"gpu1\"\nweight = 2\n", "line 10: deployments[0]: unknown key 'weight'"),
        ("deployments = []\n", "line 1: deployments: expected [[deployments]] tables"),
        ("[deployments]\nmodel = \"openai/gpt-4o\"\n", "line 7: deployments: expected [[deployments]] tables"),
    ])
    func errors(text: String, expected: String) {
        do {
            // A root key must come before the first table.
            _ = try ConfigLoader.parse(text.hasPrefix("deployments =") ? text + Self.providers : Self.providers + text, path: "/etc/foundry.toml")
            Issue.record("expected an error for \(text)")
        } catch let error as FoundryError {
            #expect(error.message.hasPrefix("config '/etc/foundry.toml' "), "\(error.message)")
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
            #expect(error.exitCode == ExitStatus.usage)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Assembles the catalog for a config text.
    func assemble(_ text: String) throws -> CatalogAssembly {
        let home = try TestEnvironment.temporaryDirectory()
        try text.write(toFile: home + "/c.toml", atomically: true, encoding: .utf8)
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data"],
                                  configPath: home + "/c.toml")
        return try CatalogAssembly(context: context, scanLocalFiles: false)
    }

    @Test("deployments are keyed by the catalog id of the model they name; an unknown model is the config's error")
    func resolved() throws {
        let assembly = try assemble(Self.providers + """
            [[deployments]]
            model = "llama"
            provider = "gpu1"
            [[deployments]]
            model = "gpu1/llama"
            provider = "gpu2"
            [[models]]
            provider = "gpu1"
            model = "llama"
            context_window = 8192
            """)
        #expect(assembly.deployments["gpu1/llama"]?.map(\.name) == ["gpu1", "gpu2"])
        #expect(assembly.deployments.count == 1)
        do {
            _ = try assemble(Self.providers + "[[deployments]]\nmodel = \"openai/gpt-9000\"\nprovider = \"gpu1\"\n")
            Issue.record("expected an error")
        } catch let error as FoundryError {
            #expect(error.message.contains("c.toml' line 7: deployments[0].model: unknown model 'openai/gpt-9000'"), "\(error.message)")
        }
    }
}
