/// Turns numbered Opus packets from a lossy transport into continuous audio: packets in order
/// are decoded; a gap is filled frame by frame, the frame just before the arriving packet from that
/// packet's in-band FEC data, earlier ones by concealment (PLC); late or repeated packets are
/// dropped. Every packet number accounts for exactly one 20 ms frame of output, within two
/// bounds that keep a sender that jumps its numbers from making the receiver synthesise audio
/// faster than it arrives: a gap rebuilds at most its last `maxRebuiltFrames` frames, and a
/// stream never rebuilds more frames in all than it received plus `maxRebuiltFrames`. Frames
/// past either bound are counted in `skipped`, not rebuilt. (Real loss stays far inside both:
/// 10 % loss rebuilds one frame in ten.)
public struct OpusPacketStream: Sendable {
    /// The most frames rebuilt for one gap: one second.
    public static let maxRebuiltFrames = 50

    private let decoder: OpusDecoder
    private var expected: Int?
    public private(set) var received = 0
    public private(set) var recoveredByFEC = 0
    public private(set) var concealed = 0
    public private(set) var dropped = 0
    /// Frames of gaps longer than `maxRebuiltFrames` that were not rebuilt.
    public private(set) var skipped = 0

    public init(decoder: OpusDecoder) { self.decoder = decoder }

    public init(sampleRate: Int = ProtocolAudio.sampleRate) throws { decoder = try OpusDecoder(sampleRate: sampleRate) }

    /// Decodes packet `sequence` (numbers count up by one per 20 ms frame) and appends its audio,
    /// after the audio rebuilt for any packets missing before it. Returns the samples appended.
    @discardableResult
    public mutating func receive(sequence: Int, packet: [UInt8], appendingTo output: inout [Float]) throws -> Int {
        let before = output.count
        if let expected, sequence < expected {
            dropped += 1
            return 0
        }
        if let expected, sequence > expected {
            let budget = max(0, received + Self.maxRebuiltFrames - concealed - recoveredByFEC)
            let first = max(expected, sequence - min(Self.maxRebuiltFrames, budget))
            skipped += first - expected
            for missing in first..<sequence {
                if missing == sequence - 1 {
                    try decoder.recoverLost(next: packet, appendingTo: &output)
                    recoveredByFEC += 1
                } else {
                    try decoder.recoverLost(next: Optional<[UInt8]>.none, appendingTo: &output)
                    concealed += 1
                }
            }
        }
        try decoder.decode(packet, appendingTo: &output)
        received += 1
        expected = sequence + 1
        return output.count - before
    }
}
