/// The audio format of the OpenAI Realtime protocol as foundry sends it: 24 kHz, 16-bit, mono,
/// in 20 ms frames.
public enum ProtocolAudio {
    public static let sampleRate = 24_000
    public static let frameMilliseconds = 20
    /// Samples in one 20 ms frame at 24 kHz (480).
    public static let frameSamples = sampleRate * frameMilliseconds / 1000
    public static let frameDuration = Duration.milliseconds(frameMilliseconds)

    /// Samples in `milliseconds` of audio at `sampleRate`.
    public static func samples(milliseconds: Double, sampleRate: Int = sampleRate) -> Int {
        Int((milliseconds * Double(sampleRate) / 1000).rounded())
    }

    /// Milliseconds of audio in `samples` samples at `sampleRate`.
    public static func milliseconds(samples: Int, sampleRate: Int = sampleRate) -> Double {
        Double(samples) * 1000 / Double(sampleRate)
    }
}
