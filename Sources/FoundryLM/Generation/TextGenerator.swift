import Foundation
import FoundryCore

/// Runs a model with its tokenizer: evaluates a prompt (reusing the cached prefix of the
/// previous call), samples, and streams text that is always valid UTF-8, holding back text
/// that could be the start of a stop string.
public final class TextGenerator: @unchecked Sendable {
    public let model: LlamaModel
    public let tokenizer: GGUFTokenizer
    /// Tokens whose keys and values are in the model's cache.
    public private(set) var cachedTokens: [Int32] = []

    public struct Result: Sendable {
        public var tokens: [Int32]
        public var text: String
        public var finish: GenerationFinish
        public var statistics: GenerationStatistics
    }

    public init(model: LlamaModel, tokenizer: GGUFTokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// Generates up to `maxTokens` tokens after `prompt`. `onText` receives text as it becomes
    /// final; `shouldStop` is polled between tokens (cancellation).
    public func generate(
        prompt: [Int32], maxTokens: Int, sampling: SamplingOptions, stop: [String] = [],
        shouldStop: () -> Bool = { false }, onText: (String) throws -> Void
    ) throws -> Result {
        var stats = GenerationStatistics()
        stats.promptTokens = prompt.count
        guard !prompt.isEmpty else { throw FoundryError.usage("the prompt is empty") }
        guard prompt.count < model.contextLength else {
            throw FoundryError.usage(
                "the prompt has \(prompt.count) tokens, more than the context of \(model.contextLength) allows",
                hint: "use a larger --ctx (the model was trained with \(model.hyperparameters.trainedContextLength)) or a shorter prompt")
        }
        let start = Stopwatch()
        // Reuse the cached prefix; always evaluate at least the last prompt token for logits.
        var common = zip(cachedTokens, prompt).prefix { $0 == $1 }.count
        common = min(common, prompt.count - 1)
        model.rewind(to: common)
        cachedTokens = Array(prompt[..<common])
        stats.evaluatedPromptTokens = prompt.count - common
        var logits = try model.evaluate(Array(prompt[common...]))
        cachedTokens = prompt
        stats.promptMs = start.milliseconds

        var sampler = Sampler(options: sampling)
        var stream = TokenTextStream(tokenizer: tokenizer)
        var generated: [Int32] = []
        var text = ""
        var pending = ""
        var finish = GenerationFinish.length
        var firstTokenAt: Stopwatch?
        let maxStop = stop.map(\.count).max() ?? 0
        generation: while generated.count < maxTokens {
            if shouldStop() { throw FoundryError.interrupted() }
            let token = sampler.sample(logits, history: cachedTokens)
            if firstTokenAt == nil {
                firstTokenAt = Stopwatch()
                stats.firstTokenMs = start.milliseconds
            }
            if tokenizer.isEndOfGeneration(token) { finish = .stop; break }
            generated.append(token)
            pending += stream.append(token)
            if let (cut, _) = Self.firstStop(in: pending, stops: stop) {
                let visible = String(pending[..<cut])
                text += visible
                try onText(visible)
                pending = ""
                finish = .stop
                break generation
            }
            // Emit all but what could still become a stop string.
            let keep = Self.holdBack(pending, stops: stop, longest: maxStop)
            if keep < pending.count {
                let emit = String(pending.prefix(pending.count - keep))
                text += emit
                try onText(emit)
                pending = String(pending.suffix(keep))
            }
            // The last token's logits are never needed: do not run the model for them.
            guard generated.count < maxTokens else { break }
            guard cachedTokens.count < model.contextLength else { finish = .context; break }
            logits = try model.evaluate([token])
            cachedTokens.append(token)
        }
        if finish != .stop || !pending.isEmpty {
            let rest = pending + stream.finish()
            if !rest.isEmpty {
                text += rest
                try onText(rest)
            }
        }
        stats.generatedTokens = generated.count
        if let firstTokenAt { stats.generationMs = firstTokenAt.milliseconds }
        return Result(tokens: generated, text: text, finish: finish, statistics: stats)
    }

    /// Where the earliest stop string starts in `text`.
    static func firstStop(in text: String, stops: [String]) -> (String.Index, String)? {
        var best: (String.Index, String)?
        for s in stops where !s.isEmpty {
            if let r = text.range(of: s), best == nil || r.lowerBound < best!.0 { best = (r.lowerBound, s) }
        }
        return best
    }

    /// How many trailing characters of `text` could begin a stop string.
    static func holdBack(_ text: String, stops: [String], longest: Int) -> Int {
        guard longest > 0 else { return 0 }
        for length in stride(from: min(longest - 1, text.count), through: 1, by: -1) {
            let tail = String(text.suffix(length))
            if stops.contains(where: { $0.hasPrefix(tail) }) { return length }
        }
        return 0
    }
}
