/// Prices in USD per one million tokens. Optional fields are absent where the provider does
/// not offer that kind of pricing.
public struct Prices: Codable, Sendable, Equatable {
    public var input: Double
    public var cachedInput: Double?
    public var cacheWrite: Double?
    public var output: Double
    public var audioInput: Double?
    public var cachedAudioInput: Double?
    public var audioOutput: Double?
    /// Long-context tiers: when a request's input exceeds `aboveInputTokens`, the tier's prices
    /// apply to the whole request.
    public var tiers: [PriceTier]?
    /// Fraction taken off list prices with the provider's batch API (0.5 = half price).
    public var batchDiscount: Double?

    enum CodingKeys: String, CodingKey {
        case input, output, tiers
        case cachedInput = "cached_input", cacheWrite = "cache_write"
        case audioInput = "audio_input", cachedAudioInput = "cached_audio_input", audioOutput = "audio_output"
        case batchDiscount = "batch_discount"
    }

    public init(
        input: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil, output: Double,
        audioInput: Double? = nil, cachedAudioInput: Double? = nil, audioOutput: Double? = nil,
        tiers: [PriceTier]? = nil, batchDiscount: Double? = nil
    ) {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.audioInput = audioInput
        self.cachedAudioInput = cachedAudioInput
        self.audioOutput = audioOutput
        self.tiers = tiers
        self.batchDiscount = batchDiscount
    }
}

public struct PriceTier: Codable, Sendable, Equatable {
    public var aboveInputTokens: Int
    public var input: Double
    public var cachedInput: Double?
    public var output: Double

    enum CodingKeys: String, CodingKey {
        case input, output
        case aboveInputTokens = "above_input_tokens", cachedInput = "cached_input"
    }

    public init(aboveInputTokens: Int, input: Double, cachedInput: Double? = nil, output: Double) {
        self.aboveInputTokens = aboveInputTokens
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
    }
}
