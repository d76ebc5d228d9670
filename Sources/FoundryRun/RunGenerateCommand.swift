import ArgumentParser
import Foundation
import FoundryCore
import FoundryLM

#if canImport(Glibc)
import Glibc
#endif

struct RunGenerateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Complete a prompt or chat (the default: `foundry run MODEL.gguf [PROMPT]`).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var modelArguments: ModelArguments
    @OptionGroup var sampling: SamplingArguments

    @Argument(help: ArgumentHelp("The prompt (default: read standard input).", valueName: "prompt"))
    var prompt: [String] = []

    @Flag(name: .long, help: "Print the file's metadata and tensor table instead of running it.")
    var info = false

    @Flag(name: .long, help: "Apply the model's chat template (a conversation in a terminal, one turn otherwise).")
    var chat = false

    @Option(name: .long, help: "A system prompt (with --chat).")
    var system: String?

    @Option(name: .long, help: ArgumentHelp("Chat template: mistral-v7, mistral, llama3, chatml (default: from the file).", valueName: "name"))
    var template: String?

    @Option(name: [.customShort("n"), .customLong("max-tokens")], help: ArgumentHelp("Tokens to generate at most.", valueName: "n"))
    var maxTokens: Int = 256

    @Option(name: .long, help: ArgumentHelp("Stop before this text (repeatable).", valueName: "text"))
    var stop: [String] = []

    func validate() throws {
        guard maxTokens >= 0 else { throw ValidationError("-n must be 0 or more, not \(maxTokens)") }
        if let template, ChatTemplate(rawValue: template) == nil {
            throw ValidationError("unknown chat template '\(template)'; choose one of \(ChatTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run(context: Context) async throws {
        let output = context.output
        if info {
            try await OffPool.run { try ModelInfoPrinter(path: modelArguments.model, json: global.json, output: output).print() }
            return
        }
        let interactive = chat && prompt.isEmpty && isatty(STDIN_FILENO) == 1
        let promptText: String? = prompt.isEmpty ? (interactive ? nil : try Self.readStandardInput()) : prompt.joined(separator: " ")
        let loaded = try await OffPool.run { try modelArguments.load() }
        if !global.quiet {
            output.info(String(format: "foundry: loaded %@ in %.0f ms (%@ kernels, %d threads, context %d)",
                               loaded.name, loaded.loadMs, LlamaModel.kernelSet, loaded.generator.model.threads,
                               loaded.generator.model.contextLength))
        }
        let session = RunSession(loaded: loaded, sampling: sampling.options, maxTokens: maxTokens, stop: stop, json: global.json,
                                 output: output, template: try resolveTemplate(loaded))
        if interactive {
            try await session.conversation(system: system)
        } else if chat {
            try await session.chatTurn(system: system, user: promptText ?? "")
        } else {
            try await session.complete(promptText ?? "")
        }
    }

    private func resolveTemplate(_ loaded: LoadedModel) throws -> ChatTemplate? {
        guard chat else { return nil }
        if let template { return ChatTemplate(rawValue: template) }
        guard let detected = ChatTemplate.detect(gguf: loaded.file) else {
            throw FoundryError.usage(
                "'\(modelArguments.model)' has no chat template foundry recognises",
                hint: "choose one with --template (\(ChatTemplate.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return detected
    }

    static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw FoundryError.usage("standard input is not UTF-8 text") }
        return text
    }
}
