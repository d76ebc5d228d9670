import Foundation
import FoundryAudio
import FoundryTestSupport
import Testing

@Suite("Resampling and PCM16")
struct ResamplerTests {
    @Test("16 kHz to 24 kHz in odd-sized chunks matches one pass and sox's own resampling of jfk.wav")
    func matchesSox() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clip = try AudioFile.read(path: jfk)
        let whole = try clip.protocolFormat().samples
        #expect(abs(whole.count - clip.frameCount * 3 / 2) <= 2)

        let resampler = try Resampler(from: 16_000, to: 24_000)
        var streamed: [Float] = []
        var offset = 0, chunk = 1
        while offset < clip.samples.count {
            let end = min(clip.samples.count, offset + chunk)
            try clip.samples[offset..<end].withUnsafeBufferPointer { try resampler.process($0, into: &streamed) }
            offset = end
            chunk = chunk * 7 % 997 + 1
        }
        try resampler.flush(into: &streamed)
        #expect(streamed.count == whole.count)
        #expect(zip(streamed, whole).allSatisfy { abs($0 - $1) < 1e-5 }, "chunking does not change the result")

        // sox (its rate effect) is an independent resampler: same length, same signal.
        try await AudioTestSupport.tool("sox", [jfk, "-r", "24000", "-e", "floating-point", "-b", "32", dir + "/sox.wav", "rate", "-h"])
        let reference = try AudioFile.read(path: dir + "/sox.wav").samples
        #expect(abs(reference.count - whole.count) <= 2)
        let n = min(reference.count, whole.count)
        let noise = zip(reference[0..<n], whole[0..<n]).map { $0 - $1 }
        let snr = 20 * log10(AudioTestSupport.rms(reference[0..<n]) / AudioTestSupport.rms(noise))
        #expect(snr > 40, "resampled speech differs from sox's by \(snr) dB SNR")
    }

    @Test("a 1 kHz tone keeps its frequency and level through 48 kHz → 24 kHz and 8 kHz → 24 kHz")
    func keepsTone() throws {
        for rate in [48_000, 8_000, 44_100] {
            let tone = AudioTestSupport.sine(frequency: 1000, milliseconds: 500, sampleRate: rate)
            let out = try AudioClip(samples: tone, sampleRate: rate).protocolFormat().samples
            #expect(abs(out.count - 12_000) <= 2, "\(rate) Hz: \(out.count) samples for 500 ms")
            let middle = out[2400..<9600]
            var crossings = 0
            for i in middle.indices.dropFirst() where (middle[i - 1] < 0) != (middle[i] < 0) { crossings += 1 }
            #expect(abs(crossings - 600) <= 2, "\(rate) Hz: 300 ms of 1 kHz has 600 zero crossings, got \(crossings)")
            #expect(abs(AudioTestSupport.rms(middle) - Float(0.5 / 2.0.squareRoot())) < 0.01)
        }
    }

    @Test("PCM16 little-endian bytes round-trip exactly and clip out-of-range values")
    func pcm16() {
        let values: [Int16] = [0, 1, -1, 32767, -32768, 12345, -4321]
        let bytes = PCM16.bytes(values)
        #expect(bytes.prefix(4) == [0, 0, 1, 0])
        #expect(bytes[6...7] == [0xFF, 0x7F])
        #expect(PCM16.int16(bytes) == values)
        let floats = PCM16.decode(bytes)
        #expect(PCM16.encode(floats) == bytes)
        #expect(PCM16.encode([2.0, -2.0, 0.5]) == PCM16.bytes([32767, -32768, 16384]))
        #expect(PCM16.decode(bytes + [7]).count == values.count, "an odd trailing byte is not a sample")
    }
}
