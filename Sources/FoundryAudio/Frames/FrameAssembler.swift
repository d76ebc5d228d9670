/// Cuts a stream of samples into fixed-size frames (480 samples = 20 ms at 24 kHz by default).
public struct FrameAssembler: Sendable {
    public let frameSamples: Int
    private var pending: [Float] = []
    private var start = 0
    public private(set) var framesEmitted = 0

    public init(frameSamples: Int = ProtocolAudio.frameSamples) {
        precondition(frameSamples > 0)
        self.frameSamples = frameSamples
        pending.reserveCapacity(frameSamples * 8)
    }

    /// Samples waiting for a full frame.
    public var bufferedSamples: Int { pending.count - start }

    public mutating func append(_ samples: UnsafeBufferPointer<Float>) {
        compact()
        pending.append(contentsOf: samples)
    }

    public mutating func append(_ samples: [Float]) {
        samples.withUnsafeBufferPointer { append($0) }
    }

    /// The next full frame, or nil when fewer than `frameSamples` samples wait.
    public mutating func next() -> AudioFrame? {
        guard bufferedSamples >= frameSamples else { return nil }
        let frame = AudioFrame(index: framesEmitted, samples: Array(pending[start..<(start + frameSamples)]))
        start += frameSamples
        framesEmitted += 1
        return frame
    }

    /// The remaining samples padded with silence to a full frame, or nil when none remain.
    public mutating func finish() -> AudioFrame? {
        if let full = next() { return full }
        let remaining = bufferedSamples
        guard remaining > 0 else { return nil }
        var samples = Array(pending[start...])
        samples.append(contentsOf: repeatElement(0, count: frameSamples - remaining))
        start = pending.count
        framesEmitted += 1
        return AudioFrame(index: framesEmitted - 1, samples: samples, validSamples: remaining)
    }

    private mutating func compact() {
        guard start > 0, start * 2 >= pending.count else { return }
        pending.removeSubrange(0..<start)
        start = 0
    }
}
