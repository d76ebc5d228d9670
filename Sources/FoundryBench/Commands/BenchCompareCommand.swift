import ArgumentParser
import FoundryCore

/// `foundry bench compare A.json B.json`.
struct BenchCompareCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two bench --json results: differences and ratios, and which is better.",
        discussion: """
            Reads two results of foundry bench --json (or of vLLM bench serve, which uses the same key \
            names) and prints each metric found in either: A, B, B − A, B / A and the better of the two \
            (lower latency, higher throughput).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The first result (A).", valueName: "a.json"), completion: .file(extensions: ["json"]))
    var a: String

    @Argument(help: ArgumentHelp("The second result (B).", valueName: "b.json"), completion: .file(extensions: ["json"]))
    var b: String

    func run(context: Context) async throws {
        let comparison = try Comparison(a: a, b: b)
        if global.json {
            context.output.line(JSONCoding.string(comparison.json, pretty: true))
        } else {
            context.output.line(comparison.text(width: context.output.width))
        }
    }
}
