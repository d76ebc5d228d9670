/// Frames of samples already in memory at 24 kHz.
final class ClipFrameProducer: FrameProducer {
    private let samples: [Float]
    private let pacing: AudioSource.Pacing
    private var pacer = FramePacer()
    private var offset = 0
    private var index = 0

    init(samples: [Float], pacing: AudioSource.Pacing) {
        self.samples = samples
        self.pacing = pacing
    }

    func next() async throws -> AudioFrame? {
        guard offset < samples.count else { return nil }
        let size = ProtocolAudio.frameSamples
        let valid = min(size, samples.count - offset)
        var frame = Array(samples[offset..<(offset + valid)])
        if valid < size { frame.append(contentsOf: repeatElement(0, count: size - valid)) }
        let result = AudioFrame(index: index, samples: frame, validSamples: valid)
        offset += valid
        index += 1
        if pacing == .realTime { try await pacer.wait(forFrame: result.index) }
        return result
    }

    func stop() {}
}
