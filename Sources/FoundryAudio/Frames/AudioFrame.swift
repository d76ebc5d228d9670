/// One 20 ms frame of 24 kHz mono audio (480 samples), numbered from the start of its source.
public struct AudioFrame: Sendable, Equatable {
    /// 0 for the source's first frame.
    public let index: Int
    /// 480 Float samples in [-1, 1]; a source's last frame is padded with silence.
    public let samples: [Float]
    /// Real samples in this frame before padding (480 except maybe for the last frame).
    public let validSamples: Int

    public init(index: Int, samples: [Float], validSamples: Int? = nil) {
        self.index = index
        self.samples = samples
        self.validSamples = validSamples ?? samples.count
    }

    /// Where the frame starts, in milliseconds of source audio.
    public var startMilliseconds: Double { Double(index * ProtocolAudio.frameMilliseconds) }
    /// Where the frame's real audio ends, in milliseconds of source audio.
    public var endMilliseconds: Double {
        startMilliseconds + ProtocolAudio.milliseconds(samples: validSamples)
    }

    /// The frame as little-endian PCM16 bytes (960 bytes for a full frame).
    public var pcm16: [UInt8] { PCM16.encode(samples) }

    /// Appends the frame as little-endian PCM16 bytes to a buffer the caller reuses.
    public func pcm16(appendingTo bytes: inout [UInt8]) {
        samples.withUnsafeBufferPointer { PCM16.encode($0, appendingTo: &bytes) }
    }
}
