import Foundation
import FoundryAudio
import FoundryTestSupport
import Testing

@Suite("Ogg Opus sink")
struct OggOpusFileSinkTests {
    @Test("opusinfo validates the file, opusdec and libsndfile decode exactly the samples written")
    func validFile() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let speech = try AudioFile.readProtocolFormat(path: jfk).samples
        let input = Array(speech[0..<(speech.count - 1000 + 7)])  // not a whole number of frames
        let path = dir + "/reply.opus"
        let sink = try OggOpusFileSink(path: path)
        var offset = 0, chunk = 333
        while offset < input.count {
            let end = min(input.count, offset + chunk)
            try sink.write(Array(input[offset..<end]))
            offset = end
            chunk = chunk * 5 % 1201 + 1
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        try sink.finish()

        let info = try await AudioTestSupport.tool("opusinfo", [path])
        #expect(info.status == 0)
        #expect(!info.stdout.contains("WARNING") && !info.stdout.contains("ERROR") && !info.stderr.contains("WARNING"), "\(info.stdout)\(info.stderr)")
        #expect(info.stdout.contains("Original sample rate: 24000"), "\(info.stdout)")
        #expect(info.stdout.contains("ENCODER=foundry"))

        try await AudioTestSupport.tool("opusdec", ["--quiet", "--rate", "24000", path, dir + "/decoded.wav"])
        let decoded = try AudioFile.read(path: dir + "/decoded.wav")
        #expect(decoded.sampleRate == 24_000)
        #expect(decoded.frameCount == input.count, "end trimming and pre-skip give back exactly the samples written")
        let similarity = OpusCodecTests.similarity(input, decoded.samples, lookahead: 0)
        #expect(similarity > 0.8, "opusdec's output correlates \(similarity) with the input (pre-skip applied)")

        let bySndfile = try AudioFile.read(path: path)
        #expect(abs(bySndfile.durationMilliseconds - ProtocolAudio.milliseconds(samples: input.count)) < 1)
    }

    @Test("an empty reply still finishes as a valid file; an unfinished one leaves nothing")
    func emptyAndInterrupted() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = try OggOpusFileSink(path: dir + "/empty.opus")
        try empty.finish()
        let info = try await AudioTestSupport.tool("opusinfo", [dir + "/empty.opus"])
        #expect(info.status == 0 && !info.stdout.contains("WARNING"), "\(info.stdout)")
        do {
            let sink = try OggOpusFileSink(path: dir + "/half.opus")
            try sink.write([Float](repeating: 0.1, count: 24_000))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["empty.opus"])
    }
}
