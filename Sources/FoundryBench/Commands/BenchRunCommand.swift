import ArgumentParser
import Foundation
import FoundryCore

/// `foundry bench run MODEL.gguf`: prompt-processing and generation speed of a local model, in
/// process, the way llama-bench measures it.
struct BenchRunCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure a local GGUF model in process: prompt processing (pp) and generation (tg) tokens/s.",
        discussion: """
            Measures as llama-bench does: pp evaluates N random tokens as one batch, tg generates N tokens \
            one at a time; each runs once to warm up, then --repetitions times with the KV cache cleared \
            before each. The table shows the median tokens/s ± standard deviation; load is the time from \
            opening the file to the first token's logits; peak RSS is the process's high-water mark \
            (the mapped weights count once touched). --json gives pp_tok_s, tg_tok_s, load_ms, \
            peak_rss_bytes and every sample.

            Examples:
              foundry bench run model.gguf
              foundry bench run model.gguf -p 512 -n 128 --threads 2 --repetitions 3 --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A GGUF model file.", valueName: "model.gguf"), completion: .file(extensions: ["gguf"]))
    var model: String

    @Option(name: [.customShort("p"), .customLong("n-prompt")], help: ArgumentHelp("Prompt tokens for the pp test (0 skips it).", valueName: "n"))
    var promptTokens = 512

    @Option(name: [.customShort("n"), .customLong("n-gen")], help: ArgumentHelp("Tokens to generate for the tg test (0 skips it).", valueName: "n"))
    var generatedTokens = 128

    @Option(name: [.short, .long], help: ArgumentHelp("Threads for matrix work (default: the number of CPUs).", valueName: "n"))
    var threads: Int?

    @Option(name: [.short, .long], help: ArgumentHelp("Timed repetitions of each test.", valueName: "n"))
    var repetitions = 5

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed for the random prompt and generated tokens.", valueName: "n"))
    var seed: UInt64 = 1

    func validate() throws {
        guard (0...32768).contains(promptTokens) else { throw ValidationError("--n-prompt must be between 0 and 32768, not \(promptTokens)") }
        guard (0...32768).contains(generatedTokens) else { throw ValidationError("--n-gen must be between 0 and 32768, not \(generatedTokens)") }
        guard promptTokens + generatedTokens > 0 else { throw ValidationError("nothing to measure: --n-prompt and --n-gen are both 0") }
        guard (1...1000).contains(repetitions) else { throw ValidationError("--repetitions must be between 1 and 1000, not \(repetitions)") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
    }

    func run(context: Context) async throws {
        var benchmark = LocalModelBenchmark(path: model)
        benchmark.promptTokens = promptTokens
        benchmark.generatedTokens = generatedTokens
        benchmark.threads = threads
        benchmark.repetitions = repetitions
        benchmark.seed = seed
        let output = context.output
        let result = try benchmark.run(progress: { output.progress("bench run: \($0)") }, warning: { output.warning($0) })
        output.endProgress()
        if global.json {
            output.line(JSONCoding.string(result, pretty: true))
        } else {
            output.line(LocalBenchTable.render(result))
        }
    }
}
