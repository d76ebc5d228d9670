/// Where reply audio goes: a WAV file, an Ogg Opus file or the speaker. Sinks take 24 kHz mono
/// audio (or the rate they were made with) as Float or Int16 samples, and are safe to call from
/// any task (one writer at a time).
public protocol AudioSink: AnyObject, Sendable {
    /// What the sink writes to, for messages ("'reply.wav'", "ALSA playback device 'default'").
    var name: String { get }
    var sampleRate: Int { get }
    /// Milliseconds of audio written so far.
    var writtenMilliseconds: Double { get }
    func write(_ samples: UnsafeBufferPointer<Float>) throws
    func write(_ samples: UnsafeBufferPointer<Int16>) throws
    /// Completes the output: a file sink writes a valid file with everything written so far and
    /// only then gives it its final name; the speaker plays what is queued. Idempotent.
    func finish() async throws
}

extension AudioSink {
    public func write(_ samples: [Float]) throws {
        try samples.withUnsafeBufferPointer { try write($0) }
    }

    public func write(_ samples: [Int16]) throws {
        try samples.withUnsafeBufferPointer { try write($0) }
    }

    /// Writes little-endian PCM16 bytes (the protocol's audio); an odd trailing byte is dropped.
    public func write<Bytes: Collection<UInt8>>(pcm16 bytes: Bytes) throws {
        let count = bytes.count / 2
        guard count > 0 else { return }
        try withUnsafeTemporaryAllocation(of: Int16.self, capacity: count) { samples in
            var iterator = bytes.makeIterator()
            for index in 0..<count {
                guard let low = iterator.next(), let high = iterator.next() else { break }
                samples[index] = Int16(bitPattern: UInt16(low) | UInt16(high) << 8)
            }
            try write(UnsafeBufferPointer(samples))
        }
    }

    public func write(_ frame: AudioFrame) throws {
        try frame.samples.withUnsafeBufferPointer { try write(UnsafeBufferPointer(rebasing: $0[0..<frame.validSamples])) }
    }
}
