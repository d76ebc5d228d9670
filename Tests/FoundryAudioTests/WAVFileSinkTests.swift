import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing

@Suite("WAV sink")
struct WAVFileSinkTests {
    @Test("writes 24 kHz PCM16 mono that sox and libsndfile read back sample for sample, and appears only when finished")
    func roundTrip() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/reply.wav"
        let tone = AudioTestSupport.sine(frequency: 440, milliseconds: 1000, sampleRate: 24_000)
        let sink = try WAVFileSink(path: path)
        for start in stride(from: 0, to: tone.count, by: 480) { try sink.write(Array(tone[start..<(start + 480)])) }
        try sink.write(pcm16: PCM16.encode([0.5, -0.5]))
        #expect(!FileManager.default.fileExists(atPath: path), "no file under the final name before finish")
        #expect(sink.writtenMilliseconds > 1000)
        try sink.finish()
        try sink.finish()

        let back = try AudioFile.read(path: path)
        #expect(back.sampleRate == 24_000 && back.channels == 1 && back.frameCount == 24_002)
        #expect(PCM16.encode(back.samples) == PCM16.encode(tone + [0.5, -0.5]))
        let info = try await AudioTestSupport.tool("soxi", [path])
        #expect(info.stdout.contains("24000") && info.stdout.contains("16-bit") && info.stdout.contains("24002 samples"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(leftovers == ["reply.wav"], "no temporary file left behind: \(leftovers)")
    }

    @Test("--out picks WAV or Ogg Opus by extension and refuses others with a usage error")
    func byExtension() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try AudioFileSink.open(path: dir + "/a.wav") is WAVFileSink)
        #expect(try AudioFileSink.open(path: dir + "/a.OPUS") is OggOpusFileSink)
        #expect(try AudioFileSink.open(path: dir + "/a.ogg") is OggOpusFileSink)
        let error = #expect(throws: FoundryError.self) { try AudioFileSink.open(path: dir + "/a.mp3") }
        #expect(error?.exitCode == 2 && error?.message.contains("a.mp3") == true)
    }

    @Test("a sink dropped without finish leaves no file; a missing directory is a clear error")
    func interrupted() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let sink = try WAVFileSink(path: dir + "/half.wav")
            try sink.write([Float](repeating: 0.1, count: 4800))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        let error = #expect(throws: (any Error).self) { try WAVFileSink(path: dir + "/nope/out.wav") }
        #expect("\(error!)".contains("'\(dir)/nope/out.wav'"))
    }
}
