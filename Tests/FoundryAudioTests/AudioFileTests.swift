import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing

@Suite("Audio files")
struct AudioFileTests {
    @Test("jfk.wav reads as 16 kHz mono speech of 11 s")
    func readsJFK() throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let clip = try AudioFile.read(path: jfk)
        #expect(clip.sampleRate == 16_000)
        #expect(clip.channels == 1)
        #expect(abs(clip.durationMilliseconds - 11_000) < 100)
        #expect(AudioTestSupport.rms(clip.samples) > 0.01, "speech, not silence")
    }

    @Test("FLAC and stereo 44.1 kHz Ogg Vorbis written by sox read back as the same speech, mixed down to mono")
    func readsOtherFormats() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await AudioTestSupport.tool("sox", [jfk, dir + "/a.flac"])
        try await AudioTestSupport.tool("sox", [jfk, "-r", "44100", "-c", "2", dir + "/a.ogg"])
        let original = try AudioFile.read(path: jfk)
        let flac = try AudioFile.read(path: dir + "/a.flac")
        #expect(flac.samples == original.samples, "FLAC is lossless")
        let vorbis = try AudioFile.read(path: dir + "/a.ogg")
        #expect(vorbis.channels == 2 && vorbis.sampleRate == 44_100)
        let mono = vorbis.mono()
        #expect(mono.channels == 1 && mono.frameCount == vorbis.frameCount)
        #expect(abs(mono.durationMilliseconds - original.durationMilliseconds) < 30)
        // Both at 24 kHz: the lossy copy tracks the original closely.
        let a = try original.protocolFormat().samples, b = try mono.protocolFormat().samples
        let n = min(a.count, b.count)
        let noise = zip(a[0..<n], b[0..<n]).map { $0 - $1 }
        let snr = 20 * log10(AudioTestSupport.rms(a[0..<n]) / AudioTestSupport.rms(noise))
        #expect(snr > 10, "Vorbis copy differs from the original by \(snr) dB SNR")
    }

    @Test("missing, empty, directory and non-audio files fail with one clear line naming the file")
    func badFiles() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/empty.wav", contents: Data())
        _ = FileManager.default.createFile(atPath: dir + "/notes.wav", contents: Data("this is not audio at all\n".utf8))
        // A valid WAV header with zero samples.
        let sink = try WAVFileSink(path: dir + "/zero.wav")
        try sink.finish()
        let cases: [(String, String)] = [
            (dir + "/missing.wav", "no such file"),
            (dir + "/empty.wav", "the file is empty"),
            (dir, "it is a directory"),
            (dir + "/notes.wav", "not a supported audio format"),
            (dir + "/zero.wav", "holds no audio"),
        ]
        for (path, reason) in cases {
            let error = #expect(throws: FoundryError.self) { try AudioFile.read(path: path) }
            #expect(error?.message.contains("'\(path)'") == true, "names the file: \(error?.message ?? "")")
            #expect(error?.message.contains(reason) == true, "says why: \(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false)
            #expect(error?.exitCode == 1)
        }
        #expect(throws: FoundryError.self) { try AudioSource.file(dir + "/zero.wav") }
    }
}
