import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing

/// ALSA without sound hardware: a private ALSA configuration (passed to snd_pcm_open_lconf)
/// defines `type file` devices over the `null` plugin. Capture reads a raw file as the
/// microphone; playback writes what the device is given to a raw file. The null plugin keeps no
/// clock, so these devices run as fast as they are fed: the tests check the data path, the
/// frame cutting and the played-audio accounting, not real-time timing.
@Suite("ALSA capture and playback", .serialized)
struct ALSATests {
    static func configuration(infile: String, outfile: String) -> String {
        """
        pcm.testmic { type file slave.pcm { type null } file "/dev/null" infile "\(infile)" format "raw" }
        pcm.testspeaker { type file slave.pcm { type null } file "\(outfile)" format "raw" }
        """
    }

    @Test("a raw file played as an ALSA capture device arrives as the same 20 ms frames")
    func capture() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let speech = try AudioFile.readProtocolFormat(path: jfk).samples
        let wholeFrames = speech.count / 480
        let pcm16 = PCM16.encode(Array(speech[0..<(wholeFrames * 480)]))
        _ = FileManager.default.createFile(atPath: dir + "/mic.raw", contents: Data(pcm16))
        let source = try AudioSource.microphone(device: "testmic", configuration: Self.configuration(infile: dir + "/mic.raw", outfile: dir + "/out.raw"))
        #expect(source.name == "ALSA capture device 'testmic'")
        var captured: [UInt8] = []
        var count = 0
        for try await frame in source {
            #expect(frame.index == count && frame.samples.count == 480)
            frame.pcm16(appendingTo: &captured)
            count += 1
            if count == wholeFrames { break }  // past the file's end the device only repeats stale data
        }
        #expect(captured == pcm16, "captured audio is the file's audio, sample for sample")
    }

    @Test("playback hands the device every sample written, and finish returns after playing")
    func playback() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tone = AudioTestSupport.sine(frequency: 440, milliseconds: 2000, sampleRate: 24_000)
        let sink = try PlaybackSink(device: "testspeaker", configuration: Self.configuration(infile: "/dev/null", outfile: dir + "/out.raw"))
        for start in stride(from: 0, to: tone.count, by: 480) { try sink.write(Array(tone[start..<(start + 480)])) }
        #expect(sink.writtenMilliseconds == 2000)
        try await sink.finish()
        #expect(sink.playedMilliseconds == 2000)
        let played = try Data(contentsOf: URL(fileURLWithPath: dir + "/out.raw"))
        #expect(Array(played) == PCM16.encode(tone))
        #expect(throws: FoundryError.self) { try sink.write([0.1]) }
    }

    @Test("interrupt (barge-in) stops at once, reports exactly what the device played, and the sink plays on afterwards")
    func bargeIn() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = try PlaybackSink(device: "testspeaker", configuration: Self.configuration(infile: "/dev/null", outfile: dir + "/out.raw"))
        try sink.write([Float](repeating: 0.25, count: 24_000 * 30))
        let clock = ContinuousClock()
        let start = clock.now
        let playedMs = await sink.interrupt()
        #expect((clock.now - start) < .milliseconds(50), "the interrupt is served within one wait of the playback thread")
        #expect(playedMs >= 0 && playedMs <= 30_000)
        #expect(sink.writtenMilliseconds == 0 && sink.playedMilliseconds == 0, "counting restarts after an interrupt")
        try sink.write([Float](repeating: -0.25, count: 2400))
        try await sink.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/out.raw"))
        let samples = PCM16.int16(Array(bytes))
        let positive = samples.filter { $0 > 0 }.count
        #expect(Double(positive) == playedMs * 24, "audio_end_ms matches the samples the device received: \(positive) vs \(playedMs) ms")
        #expect(samples.filter { $0 < 0 }.count == 2400)
    }

    @Test("a missing device is one clear line naming it; device listing includes ALSA's null device")
    func devices() throws {
        let error = #expect(throws: FoundryError.self) {
            try AudioSource.microphone(device: "no-such-mic", configuration: Self.configuration(infile: "/dev/null", outfile: "/dev/null"))
        }
        #expect(error?.message.hasPrefix("cannot open ALSA capture device 'no-such-mic'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
        #expect(error?.hint?.contains("foundry voice devices") == true)
        #expect(throws: FoundryError.self) { try PlaybackSink(device: "no-such-speaker") }
        let devices = AudioDevices.list()
        let null = devices.first { $0.name == "null" }
        #expect(null?.capture == true && null?.playback == true, "\(devices)")
    }
}
