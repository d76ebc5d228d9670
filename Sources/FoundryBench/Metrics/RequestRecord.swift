import FoundryCore

/// One measured request, as `--requests-out` writes it (one JSON line each) and the summary
/// reads it. Times are milliseconds on the monotonic clock; `start_s` is seconds after the run began.
public struct RequestRecord: Codable, Sendable, Equatable {
    public var index: Int
    public var startS: Double
    public var ok: Bool
    /// The error kind (ProviderError code) of a failed request.
    public var error: String?
    public var errorDetail: String?
    public var ttftMs: Double?
    public var e2elMs: Double
    /// Gaps between consecutive content chunks.
    public var itlMs: [Double]
    /// (E2E − TTFT) / (output tokens − 1), for streamed answers of two tokens or more.
    public var tpotMs: Double?
    public var inputTokens: Int
    public var outputTokens: Int
    /// "usage" when the server reported the counts, else "counted" or "estimated".
    public var tokensFrom: String
    /// Output tokens per second over the whole request.
    public var outputTokensPerS: Double?
    /// The usage the server reported, kept for the usage log.
    public var usage: Usage?

    enum CodingKeys: String, CodingKey {
        case index, ok, error, usage
        case startS = "start_s", errorDetail = "error_detail", ttftMs = "ttft_ms", e2elMs = "e2el_ms", itlMs = "itl_ms"
        case tpotMs = "tpot_ms", inputTokens = "input_tokens", outputTokens = "output_tokens", tokensFrom = "tokens_from"
        case outputTokensPerS = "output_tokens_per_s"
    }

    /// The record of a request from its instants; tokens from the server's usage, else counted.
    public init(index: Int, timing t: RequestTiming, prompt: BenchPrompt, runStart: ContinuousClock.Instant, counter: TokenCounter) {
        self.index = index
        startS = (t.sent - runStart).millisecondsDouble / 1000
        ok = t.error == nil
        error = t.error?.code
        errorDetail = t.error?.description
        e2elMs = (t.finished - t.sent).millisecondsDouble
        ttftMs = t.content.first.map { ($0 - t.sent).millisecondsDouble }
        itlMs = zip(t.content.dropFirst(), t.content).map { ($0 - $1).millisecondsDouble }
        usage = t.usage
        if let u = t.usage {
            inputTokens = u.inputTokens
            outputTokens = u.outputTokens
            tokensFrom = "usage"
        } else {
            inputTokens = prompt.inputTokens
            outputTokens = t.text.isEmpty ? 0 : counter.count(t.text)
            tokensFrom = counter.isExact ? "counted" : "estimated"
        }
        // TPOT needs a streamed answer: a whole answer has no time between its tokens to divide.
        if ok, let ttft = ttftMs, outputTokens > 1, t.content.count > 1 { tpotMs = (e2elMs - ttft) / Double(outputTokens - 1) }
        if ok, e2elMs > 0, outputTokens > 0 { outputTokensPerS = Double(outputTokens) / (e2elMs / 1000) }
    }
}
