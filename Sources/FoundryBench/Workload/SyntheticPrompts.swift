import FoundryCore

/// Prompts of a given input length made of common English words, each one different (a
/// numbered prefix and seeded word order), so no server can answer them from a prefix cache.
/// The length is exact with a tokenizer and an estimate without one, as the counter says.
public struct SyntheticPrompts: Sendable {
    public let inputTokens: Int
    public let outputTokens: Int
    public let counter: TokenCounter
    public let seed: UInt64

    static let words = """
        the of and to in is was for on are with as at be this have from or one had by word but not what all were we when \
        your can said there use an each which she do how their if will up other about out many then them these so some her \
        would make like him into time has look two more write go see number no way could people my than first water been \
        call who oil its now find long down day did get come made may part over new sound take only little work know place \
        year live me back give most very after thing our just name good sentence man think say great where help through much \
        before line right too mean old any same tell boy follow came want show also around form three small set put end does \
        another well large must big even such because turn here why ask went men read need land different home us move try \
        kind hand picture again change off play spell air away animal house point page letter mother answer found study still
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    public init(inputTokens: Int, outputTokens: Int, counter: TokenCounter, seed: UInt64) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.counter = counter
        self.seed = seed
    }

    public func make(count: Int) -> [BenchPrompt] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let text = prompt(index, &random)
            return BenchPrompt(messages: [.user(text)], maxTokens: outputTokens, inputTokens: counter.count(text))
        }
    }

    /// Words are added or removed until the counter agrees with the requested length (a few rounds).
    private func prompt(_ index: Int, _ random: inout SplitMix64) -> String {
        let prefix = "Request \(index):"
        var words: [String] = []
        var pool: [String] = []
        func word() -> String {
            if pool.isEmpty { pool = Self.words.shuffled(using: &random) }
            return pool.removeLast()
        }
        var text = prefix
        for _ in 0..<8 {
            let have = counter.count(text)
            if have == inputTokens { break }
            if have < inputTokens {
                let missing = counter.isExact ? inputTokens - have : max(1, (inputTokens - have) * 4 / 5)
                for _ in 0..<missing { words.append(word()) }
            } else {
                let extra = counter.isExact ? have - inputTokens : max(1, (have - inputTokens) * 4 / 5)
                words.removeLast(min(extra, words.count))
            }
            text = ([prefix] + words).joined(separator: " ")
        }
        if !counter.isExact {
            // The estimate is 4 bytes a token: pad or cut to exactly that many bytes.
            let target = inputTokens * 4
            var bytes = Array(text.utf8.prefix(target))
            while bytes.count < target { bytes.append(UInt8(ascii: bytes.count % 5 == 4 ? " " : "a")) }
            text = String(decoding: bytes, as: UTF8.self)
        }
        return text
    }
}
