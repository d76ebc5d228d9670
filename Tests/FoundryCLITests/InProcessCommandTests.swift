import Foundation
import FoundryCLI
import FoundryCore
import FoundryTestSupport
import Testing

/// Commands run in-process on a captured Output: the Context carries the output and is built
/// from the global options for every command, `run` included.
@Suite struct InProcessCommandTests {
    func run(_ arguments: [String], home: String) async -> (status: Int32, stdout: String, stderr: String) {
        let output = Output.capturing()
        let environment = ["XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data",
                           "HOME": home]
        let status = await FoundryMain.run(arguments: arguments, output: output, environment: environment)
        return (status, output.stdoutText ?? "", output.stderrText ?? "")
    }

    @Test func resultsGoToTheCapturedStdout() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let r = await run(["cost", "estimate", "--model", "openai/gpt-5-mini", "--input", "1000", "--output", "100", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let document = try JSONValue.parse(Data(r.stdout.utf8), what: "stdout")
        #expect(r.stdout.contains("openai/gpt-5-mini"))
        #expect(document.objectValue != nil || document.arrayValue != nil)
        #expect(r.stderr.isEmpty)
    }

    @Test func usageErrorsGoToTheCapturedStderr() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let r = await run(["cost", "estimate", "--model", "openai/gpt-5-mini", "--input", "-5"], home: home)
        #expect(r.status == ExitStatus.usage)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("foundry: "), "\(r.stderr)")
    }

    /// `run` builds its Context like every other command: a broken --config is reported, not ignored.
    @Test(arguments: [["run", "model.gguf", "hello"], ["run", "tokenize", "model.gguf", "hello"], ["run", "serve", "model.gguf"]])
    func runReadsTheConfigFile(arguments: [String]) async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let config = home + "/broken.toml"
        try "[providers\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = await run(arguments + ["--config", config], home: home)
        #expect(r.status == ExitStatus.usage, "\(r.stderr)")
        #expect(r.stderr.contains("broken.toml"), "\(r.stderr)")
        #expect(!r.stderr.contains("model.gguf"), "the config is read before the model: \(r.stderr)")
    }
}
