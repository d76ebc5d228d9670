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

    /// What bash offers for a command line ending at the cursor (the word being completed last).
    func bashCompletions(_ words: [String]) async throws -> [String] {
        let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
        let script = """
            source '\(TestEnvironment.packageRoot)/completions/foundry.bash'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE="\(words.joined(separator: " "))"; COMP_POINT=${#COMP_LINE}
            _foundry foundry "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let r = try await CommandRunner.run("/bin/bash", ["-c", script], environment: ["PATH": TestEnvironment.productsDirectory + ":/usr/bin:/bin"])
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test("completions offer the default subcommand's options at its parent: foundry route --pre<TAB>")
    func defaultSubcommandOptions() async throws {
        #expect(try await bashCompletions(["foundry", "route", "--pre"]).contains("--prefer"))
        #expect(try await bashCompletions(["foundry", "route", "hi", "--max-c"]).contains("--max-cost"))
        #expect(try await bashCompletions(["foundry", "route", "--prefer", ""]).contains("quality"))
        #expect(try await bashCompletions(["foundry", "route", "se"]).contains("serve"))
        #expect(try await bashCompletions(["foundry", "models", "--rea"]).contains("--ready"))
        #expect(try await bashCompletions(["foundry", "route", "serve", "--po"]).contains("--port"))
        for (shell, file, flag) in [("zsh", "_foundry", "--prefer"), ("fish", "foundry.fish", "prefer")] {
            let text = try String(contentsOfFile: TestEnvironment.packageRoot + "/completions/" + file, encoding: .utf8)
            let parent = shell == "zsh" ? text.components(separatedBy: "_foundry_route() {")[1].components(separatedBy: "\n}\n")[0]
                : text.split(separator: "\n").filter { $0.contains(#"flags_or_options "foundry route" "#) }.joined(separator: "\n")
            #expect(parent.contains(flag), "\(shell): the route function lists the options of route ask")
        }
    }
}
