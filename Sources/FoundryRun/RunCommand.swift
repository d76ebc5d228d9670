import ArgumentParser
import FoundryCore

/// `foundry run`: a GGUF model on this CPU, from the shell or behind an OpenAI-compatible endpoint.
public struct RunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a GGUF model (llama, mistral3) on the CPU: complete, chat, tokenize or serve.",
        discussion: """
            The file is memory-mapped and its quantized weights are used in place, except Q4_0 and \
            Q4_K matrices, which are copied at load into the interleaved layout llama.cpp repacks \
            them into by default (results identical to llama.cpp's). Supported tensor \
            types: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K (so Q4_K_M, Q5_K_M, Q6_K, Q8_0, Q4_0 \
            and F16 files run). Statistics go to stderr; --json prints the token ids, the text and \
            the statistics as one document.

            Examples:
              foundry run model.gguf "The capital of France is" -n 16 --temp 0
              echo "Write a haiku about rust" | foundry run model.gguf --chat
              foundry run --info model.gguf
              foundry run tokenize model.gguf "Hello world" --pieces
              foundry run serve model.gguf --port 8081
            """,
        subcommands: [RunGenerateCommand.self, RunTokenizeCommand.self, RunServeCommand.self],
        defaultSubcommand: RunGenerateCommand.self)

    public init() {}
}
