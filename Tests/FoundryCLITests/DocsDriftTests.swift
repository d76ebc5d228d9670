import Foundation
import FoundryTestSupport
import Testing

@Suite("man pages and completions")
struct DocsDriftTests {
    @Test("the committed man pages and completions match the binary's command line")
    func noDrift() async throws {
        let r = try await CommandRunner.run(
            "/usr/bin/env", ["python3", TestEnvironment.packageRoot + "/scripts/gen-docs", "--check", "--binary", TestEnvironment.binary],
            inheritEnvironment: true)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("completions ask the binary for model and provider names")
    func dynamicCompletion() async throws {
        let bash = try String(contentsOfFile: TestEnvironment.packageRoot + "/completions/foundry.bash", encoding: .utf8)
        #expect(bash.contains("---completion models check -- positional@0"))
        let home = try TestEnvironment.temporaryDirectory()
        let r = try await CommandRunner.foundry(["---completion", "models", "check", "--", "positional@0", "3", "13", "foundry", "models", "check", "openai/gpt-4o"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let names = r.stdout.split(separator: "\n").map(String.init)
        #expect(names.contains("openai/gpt-4o-mini"))
        #expect(names.allSatisfy { $0.hasPrefix("openai/gpt-4o") })
    }
}
