/// Turn detection settings, named and ranged as the Realtime API's `server_vad` turn detection.
public struct VADParameters: Sendable, Equatable, Codable {
    /// 0…1: how much louder than the background audio must be to count as speech (higher needs
    /// louder speech). 0.5 asks for speech about 18 dB above the noise floor.
    public var threshold: Double
    /// Audio kept before the detected start of speech (the protocol's `audio_start_ms` includes it).
    public var prefixPaddingMs: Int
    /// Silence that ends a turn.
    public var silenceDurationMs: Int

    public init(threshold: Double = 0.5, prefixPaddingMs: Int = 300, silenceDurationMs: Int = 500) {
        self.threshold = threshold
        self.prefixPaddingMs = prefixPaddingMs
        self.silenceDurationMs = silenceDurationMs
    }

    enum CodingKeys: String, CodingKey {
        case threshold
        case prefixPaddingMs = "prefix_padding_ms"
        case silenceDurationMs = "silence_duration_ms"
    }

    /// Nil when valid, else what is wrong ("threshold must be between 0 and 1, not 1.5").
    public var problem: String? {
        if !(0...1).contains(threshold) { return "threshold must be between 0 and 1, not \(threshold)" }
        if prefixPaddingMs < 0 { return "prefix_padding_ms must not be negative, not \(prefixPaddingMs)" }
        if silenceDurationMs < 0 { return "silence_duration_ms must not be negative, not \(silenceDurationMs)" }
        return nil
    }

    /// dB above the noise floor that confirms speech.
    var onsetMarginDB: Double { 6 + 24 * min(1, max(0, threshold)) }
    /// dB above the noise floor that keeps a turn going.
    var sustainMarginDB: Double { onsetMarginDB * 0.55 }
}
