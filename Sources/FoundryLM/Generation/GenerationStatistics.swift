/// Timings of one generation, on the monotonic clock.
public struct GenerationStatistics: Sendable, Equatable {
    public var promptTokens = 0
    /// Prompt tokens actually evaluated (the rest were reused from the cache).
    public var evaluatedPromptTokens = 0
    public var promptMs = 0.0
    public var generatedTokens = 0
    public var generationMs = 0.0
    /// Request start → first generated token.
    public var firstTokenMs = 0.0

    public init() {}

    public var promptTokensPerSecond: Double { promptMs > 0 ? Double(evaluatedPromptTokens) / (promptMs / 1000) : 0 }
    /// Decode speed: tokens after the first over the time they took.
    public var generationTokensPerSecond: Double {
        generatedTokens > 1 && generationMs > 0 ? Double(generatedTokens - 1) / (generationMs / 1000) : 0
    }
}

/// Why generation stopped.
public enum GenerationFinish: String, Sendable {
    /// The model produced an end-of-generation token or a stop string.
    case stop
    /// The token limit was reached.
    case length
    /// The context window is full.
    case context
}
