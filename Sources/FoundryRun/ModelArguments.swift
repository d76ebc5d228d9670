import ArgumentParser
import Foundation
import FoundryCore
import FoundryLM
import FoundryGGUF

/// The model file and how to load it.
struct ModelArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("A GGUF model file.", valueName: "model.gguf"), completion: .file(extensions: ["gguf"]))
    var model: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Context length in tokens (default: 4096 or the model's, if smaller).", valueName: "n"))
    var ctx: Int?

    @Option(name: [.short, .long], help: ArgumentHelp("Threads for matrix work (default: the number of CPUs).", valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let ctx, ctx < 16 || ctx > 1 << 20 { throw ValidationError("--ctx must be between 16 and 1048576, not \(ctx)") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256, not \(threads)") }
    }

    /// Loads weights, tokenizer and chat template; the time it took in milliseconds.
    func load() throws -> LoadedModel {
        let stopwatch = Stopwatch()
        let file = try GGUFFile(path: model)
        let tokenizer = try GGUFTokenizer(gguf: file)
        let engine = try LlamaModel(file: file, contextLength: ctx, threads: threads)
        guard tokenizer.vocabularySize == engine.vocabularySize else {
            throw FoundryError.failure(
                "'\(model)': the tokenizer has \(tokenizer.vocabularySize) tokens but token_embd.weight has \(engine.vocabularySize) rows")
        }
        return LoadedModel(file: file, tokenizer: tokenizer, generator: TextGenerator(model: engine, tokenizer: tokenizer),
                           loadMs: stopwatch.milliseconds)
    }
}

struct LoadedModel: @unchecked Sendable {
    let file: GGUFFile
    let tokenizer: GGUFTokenizer
    let generator: TextGenerator
    let loadMs: Double

    var name: String { file.name ?? URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent }
}
