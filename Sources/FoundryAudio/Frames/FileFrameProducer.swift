/// Reads a file chunk by chunk, resamples to 24 kHz and cuts 20 ms frames, paced or not. The reads
/// are local file reads of a few kilobytes (microseconds), so they run where the consumer runs.
final class FileFrameProducer: FrameProducer {
    private let reader: AudioFileReader
    private let resampler: Resampler
    private var assembler = FrameAssembler()
    private var pacer = FramePacer()
    private let pacing: AudioSource.Pacing
    private var decoded: [Float] = []
    private var resampled: [Float] = []
    private var ended = false

    init(reader: AudioFileReader, pacing: AudioSource.Pacing) throws {
        self.reader = reader
        self.pacing = pacing
        resampler = try Resampler(from: reader.sampleRate, to: ProtocolAudio.sampleRate)
        decoded.reserveCapacity(8192)
        resampled.reserveCapacity(16384)
    }

    func next() async throws -> AudioFrame? {
        guard let frame = try nextFrame() else { return nil }
        if pacing == .realTime { try await pacer.wait(forFrame: frame.index) }
        return frame
    }

    private func nextFrame() throws -> AudioFrame? {
        while true {
            if let frame = assembler.next() { return frame }
            if ended { return assembler.finish() }
            decoded.removeAll(keepingCapacity: true)
            resampled.removeAll(keepingCapacity: true)
            if try reader.readMono(appendingTo: &decoded) == 0 {
                ended = true
                try resampler.flush(into: &resampled)
                reader.close()
            } else {
                try decoded.withUnsafeBufferPointer { try resampler.process($0, into: &resampled) }
            }
            resampled.withUnsafeBufferPointer { assembler.append($0) }
        }
    }

    func stop() { reader.close() }
}
