import Foundation
import FoundryAudio
import FoundryTestSupport
import Testing

@Suite("Framing and sources")
struct FramingTests {
    @Test("a file source yields 20 ms frames of 480 samples that reassemble to the resampled file")
    func fileFrames() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let expected = try AudioFile.readProtocolFormat(path: jfk).samples
        var frames: [AudioFrame] = []
        for try await frame in try AudioSource.file(jfk, pacing: .fast) { frames.append(frame) }
        #expect(frames.count == (expected.count + 479) / 480)
        #expect(frames.allSatisfy { $0.samples.count == 480 })
        #expect(frames.map(\.index) == Array(0..<frames.count))
        #expect(frames.dropLast().allSatisfy { $0.validSamples == 480 })
        let joined = frames.flatMap { $0.samples[0..<$0.validSamples] }
        #expect(joined.count == expected.count)
        #expect(zip(joined, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(frames.last?.endMilliseconds == ProtocolAudio.milliseconds(samples: expected.count))
        #expect(frames[1].pcm16.count == 960)
    }

    @Test("a stereo 48 kHz file is mixed down and resampled chunk by chunk exactly as the whole clip is")
    func stereoSource() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Left: the speech; right: the speech inverted and halved, so the mix is half the speech.
        try await AudioTestSupport.tool("sox", [jfk, "-r", "48000", "-e", "floating-point", "-b", "32", dir + "/st.wav", "remix", "1", "1v-0.5"])
        let clip = try AudioFile.read(path: dir + "/st.wav")
        #expect(clip.channels == 2 && clip.sampleRate == 48_000)
        let expected = try clip.protocolFormat().samples
        var joined: [Float] = []
        for try await frame in try AudioSource.file(dir + "/st.wav", pacing: .fast) { joined += frame.samples[0..<frame.validSamples] }
        #expect(joined.count == expected.count)
        #expect(zip(joined, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        let mono = try AudioFile.readProtocolFormat(path: jfk).samples
        let ratio = AudioTestSupport.rms(joined) / AudioTestSupport.rms(mono)
        #expect(abs(ratio - 0.25) < 0.01, "mean of the channels: (1 - 0.5) / 2 of the speech, got \(ratio)")
    }

    @Test("real-time pacing releases frame n at start + (n+1) × 20 ms without drift, even after a slow consumer")
    func pacing() async throws {
        let clip = AudioClip(samples: AudioTestSupport.sine(frequency: 300, milliseconds: 600, sampleRate: 24_000), sampleRate: 24_000)
        let clock = ContinuousClock()
        var lateness: [Double] = []
        var start: ContinuousClock.Instant?
        for try await frame in try AudioSource.clip(clip, pacing: .realTime) {
            let now = clock.now
            if start == nil { start = now - .milliseconds(20) }
            let due = start! + .milliseconds(20 * (frame.index + 1))
            lateness.append((now - due).millisecondsDouble)
            if frame.index == 5 { try await Task.sleep(for: .milliseconds(70)) }  // a slow consumer once
        }
        #expect(lateness.count == 30)
        let total = lateness.last ?? .infinity
        #expect(abs(total) < 10, "the last frame is due 600 ms after the start; it came \(total) ms late")
        // Frames 6…8 were due while the consumer slept: released at once, then back on schedule.
        #expect(lateness[10...].allSatisfy { abs($0) < 10 }, "\(lateness)")
    }

    @Test("the assembler pads only the last frame")
    func assembler() {
        var assembler = FrameAssembler()
        assembler.append([Float](repeating: 0.25, count: 1000))
        #expect(assembler.next()?.index == 0)
        #expect(assembler.next()?.index == 1)
        #expect(assembler.next() == nil)
        let last = assembler.finish()
        #expect(last?.validSamples == 40)
        #expect(last?.samples.count == 480)
        #expect(last?.samples[39] == 0.25 && last?.samples[40] == 0)
        #expect(assembler.finish() == nil)
    }
}
