/// How the next token is chosen, with llama.cpp's defaults and order: repetition penalty,
/// top-k, top-p, min-p, temperature, then a seeded draw. Temperature 0 is greedy.
public struct SamplingOptions: Sendable, Equatable {
    public var temperature: Float = 0.8
    public var topK: Int = 40
    public var topP: Float = 0.95
    public var minP: Float = 0.05
    public var repeatPenalty: Float = 1.0
    /// How many recent tokens the repetition penalty looks at.
    public var repeatWindow: Int = 64
    public var seed: UInt64 = 0

    public init() {}
}
