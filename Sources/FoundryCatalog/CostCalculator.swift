import FoundryCore

/// The billable quantities of one request (or the sum of many).
public struct BillableTokens: Sendable, Equatable, Codable {
    /// All input tokens, cached and cache-write tokens included (as providers report them).
    public var input: Int
    /// Of `input`, tokens read from the prompt cache.
    public var cachedInput: Int
    /// Of `input`, tokens written to the prompt cache (billed separately by Anthropic).
    public var cacheWrite: Int
    /// Output tokens as billed, reasoning tokens included.
    public var output: Int
    /// Of `output`, reasoning tokens (shown, not billed twice).
    public var reasoning: Int
    public var audioInput: Int
    public var cachedAudioInput: Int
    public var audioOutput: Int

    enum CodingKeys: String, CodingKey {
        case input, output, reasoning
        case cachedInput = "cached_input", cacheWrite = "cache_write"
        case audioInput = "audio_input", cachedAudioInput = "cached_audio_input", audioOutput = "audio_output"
    }

    public init(input: Int = 0, cachedInput: Int = 0, cacheWrite: Int = 0, output: Int = 0, reasoning: Int = 0,
                audioInput: Int = 0, cachedAudioInput: Int = 0, audioOutput: Int = 0) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.reasoning = reasoning
        self.audioInput = audioInput
        self.cachedAudioInput = cachedAudioInput
        self.audioOutput = audioOutput
    }

    public init(_ usage: Usage) {
        self.init(input: usage.inputTokens, cachedInput: usage.cachedInputTokens ?? 0, cacheWrite: usage.cacheWriteTokens ?? 0,
                  output: usage.outputTokens, reasoning: usage.reasoningTokens ?? 0)
    }

    public static func + (a: BillableTokens, b: BillableTokens) -> BillableTokens {
        BillableTokens(input: a.input + b.input, cachedInput: a.cachedInput + b.cachedInput, cacheWrite: a.cacheWrite + b.cacheWrite,
                       output: a.output + b.output, reasoning: a.reasoning + b.reasoning, audioInput: a.audioInput + b.audioInput,
                       cachedAudioInput: a.cachedAudioInput + b.cachedAudioInput, audioOutput: a.audioOutput + b.audioOutput)
    }

    /// Audio tokens for spoken minutes, at the OpenAI Realtime rates: user audio is one token per
    /// 100 ms (600 a minute), assistant audio one token per 50 ms (1,200 a minute).
    /// Source: https://developers.openai.com/api/docs/guides/realtime-costs
    public static let audioInputTokensPerMinute = 600.0
    public static let audioOutputTokensPerMinute = 1200.0

    public static func audio(inputMinutes: Double, outputMinutes: Double) -> BillableTokens {
        BillableTokens(audioInput: Int((inputMinutes * audioInputTokensPerMinute).rounded()),
                       audioOutput: Int((outputMinutes * audioOutputTokensPerMinute).rounded()))
    }
}

/// One priced component of a bill, for `--explain`.
public struct CostLine: Sendable, Equatable, Codable {
    public let what: String
    public let tokens: Int
    /// USD per million tokens applied.
    public let pricePerMillion: Double
    public let usd: Double

    enum CodingKeys: String, CodingKey { case what, tokens, usd, pricePerMillion = "usd_per_million" }

    public init(what: String, tokens: Int, pricePerMillion: Double, usd: Double) {
        self.what = what
        self.tokens = tokens
        self.pricePerMillion = pricePerMillion
        self.usd = usd
    }
}

/// A priced request: the total and the arithmetic behind it.
public struct CostBreakdown: Sendable, Equatable {
    public let lines: [CostLine]
    /// The long-context tier applied, if any (its threshold in input tokens).
    public let tierAbove: Int?
    /// The batch discount applied, if any.
    public let batchDiscount: Double?
    /// Components priced with a fallback because the catalog has no specific price (e.g. cache
    /// reads of a model without a cached-input price are billed at the input price).
    public let assumptions: [String]

    public var usd: Double {
        let sum = lines.reduce(0) { $0 + $1.usd }
        return batchDiscount.map { sum * (1 - $0) } ?? sum
    }
}

/// Prices token counts with a catalog entry's prices: long-context tiers (the tier whose
/// threshold the input exceeds applies to the whole request), cache reads and writes, reasoning
/// billed as output, audio tokens, and batch discounts.
public enum CostCalculator {
    public static func cost(_ t: BillableTokens, prices p: Prices, batch: Bool = false) -> CostBreakdown {
        let tier = (p.tiers ?? []).filter { t.input > $0.aboveInputTokens }.max { $0.aboveInputTokens < $1.aboveInputTokens }
        let inputPrice = tier?.input ?? p.input
        let outputPrice = tier?.output ?? p.output
        var assumptions: [String] = []
        let cachedPrice: Double
        if let c = tier?.cachedInput ?? p.cachedInput { cachedPrice = c } else {
            cachedPrice = inputPrice
            if t.cachedInput > 0 { assumptions.append("no cached-input price: cached tokens billed at the input price") }
        }
        let writePrice: Double
        if let w = p.cacheWrite { writePrice = w } else {
            writePrice = inputPrice
            if t.cacheWrite > 0 { assumptions.append("no cache-write price: cache writes billed at the input price") }
        }
        var lines: [CostLine] = []
        func add(_ what: String, _ tokens: Int, _ price: Double) {
            guard tokens > 0 else { return }
            lines.append(CostLine(what: what, tokens: tokens, pricePerMillion: price, usd: Double(tokens) * price / 1_000_000))
        }
        let uncached = max(0, t.input - t.cachedInput - t.cacheWrite)
        add("input", uncached, inputPrice)
        add("cached input", t.cachedInput, cachedPrice)
        add("cache write", t.cacheWrite, writePrice)
        add(t.reasoning > 0 ? "output (incl. \(t.reasoning) reasoning)" : "output", t.output, outputPrice)
        if t.audioInput > 0 || t.audioOutput > 0 || t.cachedAudioInput > 0 {
            if p.audioInput == nil || p.audioOutput == nil {
                assumptions.append("no audio price: audio tokens billed at the text prices")
            }
            add("audio input", t.audioInput, p.audioInput ?? inputPrice)
            add("cached audio input", t.cachedAudioInput, p.cachedAudioInput ?? p.audioInput ?? cachedPrice)
            add("audio output", t.audioOutput, p.audioOutput ?? outputPrice)
        }
        var discount: Double?
        if batch {
            if let d = p.batchDiscount { discount = d } else { assumptions.append("no batch discount offered: list prices") }
        }
        return CostBreakdown(lines: lines, tierAbove: tier?.aboveInputTokens, batchDiscount: discount, assumptions: assumptions)
    }
}
