import FoundryAudio
import FoundryCore

extension SpeechSynthesizer {
    /// Speaks `text` into a WAV file at the protocol's rate (24 kHz mono PCM16): `leadSeconds` of
    /// silence, the speech, `tailSeconds` of silence. For spoken turns made up by benchmarks.
    public func writeUtterance(_ text: String, voice: String?, to path: String, leadSeconds: Double = 0.3, tailSeconds: Double = 0.2) async throws {
        try prepare()
        let sink = try WAVFileSink(path: path)
        let resampler = try Resampler(from: sampleRate, to: ProtocolAudio.sampleRate)
        try sink.write([Float](repeating: 0, count: Int(leadSeconds * Double(ProtocolAudio.sampleRate))))
        for try await chunk in synthesize(text, voice: voice) {
            var out: [Float] = []
            try chunk.map(PCM16.float).withUnsafeBufferPointer { try resampler.process($0, into: &out) }
            try sink.write(out)
        }
        var tail: [Float] = []
        try resampler.flush(into: &tail)
        try sink.write(tail + [Float](repeating: 0, count: Int(tailSeconds * Double(ProtocolAudio.sampleRate))))
        try sink.finish()
    }
}
