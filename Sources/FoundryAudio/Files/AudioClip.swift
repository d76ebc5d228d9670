/// Decoded audio held in memory: interleaved Float samples in [-1, 1].
public struct AudioClip: Sendable, Equatable {
    /// Interleaved samples (frame-major: all channels of frame 0, then frame 1, …).
    public var samples: [Float]
    public let sampleRate: Int
    public let channels: Int

    public init(samples: [Float], sampleRate: Int, channels: Int = 1) {
        precondition(channels > 0 && sampleRate > 0, "an audio clip needs a sample rate and at least one channel")
        self.samples = samples
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Sample frames (one sample per channel each).
    public var frameCount: Int { samples.count / channels }

    public var durationMilliseconds: Double { Double(frameCount) * 1000 / Double(sampleRate) }

    /// The clip mixed down to one channel (the mean of the channels).
    public func mono() -> AudioClip {
        guard channels > 1 else { return self }
        var out = [Float](repeating: 0, count: frameCount)
        samples.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                AudioClip.downmix(source, channels: channels, into: target)
            }
        }
        return AudioClip(samples: out, sampleRate: sampleRate, channels: 1)
    }

    /// The clip as 24 kHz mono, the protocol format.
    public func protocolFormat() throws -> AudioClip {
        let mono = self.mono()
        guard sampleRate != ProtocolAudio.sampleRate else { return mono }
        let resampler = try Resampler(from: sampleRate, to: ProtocolAudio.sampleRate)
        var out: [Float] = []
        out.reserveCapacity(resampler.outputCapacity(forInput: mono.samples.count) + 64)
        try mono.samples.withUnsafeBufferPointer { try resampler.process($0, into: &out) }
        try resampler.flush(into: &out)
        return AudioClip(samples: out, sampleRate: ProtocolAudio.sampleRate)
    }

    /// Averages `channels` interleaved channels of `source` into `target` (frameCount samples).
    static func downmix(_ source: UnsafeBufferPointer<Float>, channels: Int, into target: UnsafeMutableBufferPointer<Float>) {
        let frames = min(source.count / channels, target.count)
        let scale = 1 / Float(channels)
        for frame in 0..<frames {
            var sum: Float = 0
            let base = frame * channels
            for channel in 0..<channels { sum += source[base + channel] }
            target[frame] = sum * scale
        }
    }
}
