import FoundryCore

/// Something bench can send requests to: a catalog model through its provider, an
/// OpenAI-compatible URL, and later a local GGUF model in-process or the voice pipeline. A target
/// answers each request with the instants it observed on `ContinuousClock`; bench turns them into
/// metrics the same way for every target.
public protocol BenchTarget: Sendable {
    /// What reports call the target ("onprem/big", "http://127.0.0.1:8000/v1/chat/completions").
    var name: String { get }
    /// The catalog model whose latency statistics and usage the run is recorded under, if any.
    var catalogEntry: CatalogEntry? { get }
    /// Sends one request and returns what was observed; never throws: failures are in the result.
    func send(_ prompt: BenchPrompt) async -> RequestTiming
    /// Ends requests in flight now (early stop); they return with an error.
    func abort()
    /// Releases connections and threads once the run is over.
    func shutdown() async
}

extension BenchTarget {
    /// Targets whose requests end when their task is cancelled need nothing more.
    public func abort() {}
}

/// What one request looked like from the client: when it was written, when each non-empty
/// piece of content arrived, when it ended, and what the server said about tokens.
public struct RequestTiming: Sendable {
    /// Right before the first byte of the request was written.
    public var sent: ContinuousClock.Instant
    /// Arrival of every piece of non-empty content (the first one is the first token).
    public var content: [ContinuousClock.Instant]
    /// When the response ended (or failed).
    public var finished: ContinuousClock.Instant
    /// Token counts reported by the server, when it sent them.
    public var usage: Usage?
    /// The text of the answer (counted when the server reports no usage).
    public var text: String
    public var error: ProviderError?

    public init(sent: ContinuousClock.Instant, content: [ContinuousClock.Instant] = [], finished: ContinuousClock.Instant,
                usage: Usage? = nil, text: String = "", error: ProviderError? = nil) {
        self.sent = sent
        self.content = content
        self.finished = finished
        self.usage = usage
        self.text = text
        self.error = error
    }
}
