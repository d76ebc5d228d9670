import ArgumentParser
import Foundation
import FoundryCore
import FoundryProviders

/// `foundry models check MODEL`: sends one short prompt and reports whether and how fast the
/// model answers — the quickest way to test keys, endpoints, deployments and plugins.
struct ModelsCheckCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Send one short prompt to a model and report the answer, latency and tokens.",
        discussion: """
            The reply streams to stdout; the verdict goes to stderr (or stdout with --json). \
            Exit status 0 when the model answered, 2 when it cannot be called (unknown model, no key, \
            no endpoint), 4 when the provider failed.

            Examples:
              foundry models check azure/gpt-5-mini
              foundry models check local/tiny --prompt "Count to three" --max-tokens 16
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The model id (provider/model) or an unambiguous model name.", valueName: "model"),
              completion: .custom(ModelCompletion.models))
    var model: String

    @Option(name: .long, help: "The prompt to send.")
    var prompt = "Reply with the single word: ready"

    @Option(name: .long, help: "Upper bound on the reply's tokens.")
    var maxTokens = 16

    func validate() throws {
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be a positive integer, not \(maxTokens)") }
    }

    func run(context: Context) async throws {
        let registry = try ProviderRegistry(context: context, scanLocalFiles: model.hasPrefix("local/") || !model.contains("/"))
        let entry = try registry.entry(named: model)
        let provider = try registry.provider(for: entry)
        let request = ChatRequest(messages: [.user(prompt)], temperature: 0, maxTokens: maxTokens)
        let clock = Stopwatch()
        var firstToken: Double?
        var completion = ChatCompletion()
        do {
            for try await event in provider.stream(request, model: entry) {
                if case .text(let text) = event {
                    if firstToken == nil { firstToken = clock.milliseconds }
                    if !context.json { context.output.write(text) }
                }
                completion.absorb(event)
            }
        } catch let error as ProviderError {
            if !context.json && firstToken != nil { context.output.line() }
            throw error
        }
        let total = clock.milliseconds
        let verdict = CheckVerdict(model: entry.id, text: completion.text, ttftMilliseconds: firstToken, totalMilliseconds: total,
                                   usage: completion.usage, finishReason: completion.finishReason?.description)
        if context.json {
            context.output.line(JSONCoding.string(verdict, pretty: true))
        } else {
            if !completion.text.isEmpty { context.output.line() }
            context.output.info(verdict.summary)
        }
    }
}

struct CheckVerdict: Encodable {
    let model: String
    let text: String
    let ttftMilliseconds: Double?
    let totalMilliseconds: Double
    let usage: Usage?
    let finishReason: String?

    enum CodingKeys: String, CodingKey {
        case model, text, usage, ttftMilliseconds = "ttft_ms", totalMilliseconds = "total_ms", finishReason = "finish_reason"
    }

    var summary: String {
        var s = "ok: \(model) answered in \(Int(totalMilliseconds.rounded())) ms"
        if let t = ttftMilliseconds { s += " (first token \(Int(t.rounded())) ms)" }
        if let u = usage { s += ", \(u.inputTokens) tokens in, \(u.outputTokens) out" }
        if let f = finishReason { s += ", finish: \(f)" }
        return s
    }
}
