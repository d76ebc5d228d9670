import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// PocketSphinx and espeak-ng through foundry's wrappers, checked against a real recording.
@Suite struct SpeechEngineTests {
    @Test func pocketSphinxTranscribesTheJFKRecording() async throws {
        guard FileManager.default.fileExists(atPath: VoiceTestAudio.jfk) else {
            Issue.record("shared test data is missing: \(VoiceTestAudio.jfk) (the tests read ../shared/data beside the repository)")
            return
        }
        let clip = try AudioFile.read(path: VoiceTestAudio.jfk)
        #expect(clip.sampleRate == 16_000)
        let samples = clip.mono().samples.map(PCM16.sample)
        let recognizer = try await RecognizerPool.shared.take()
        defer { RecognizerPool.shared.giveBack(recognizer) }
        // A decoder that already heard another speaker (a pooled one): its cepstral mean starts afresh.
        let dir = try TestEnvironment.temporaryDirectory()
        let other = try AudioFile.read(path: try await VoiceTestAudio.utterance("Good morning, how are you today?", in: dir))
        let resampler = try Resampler(from: other.sampleRate, to: SpeechRecognizer.sampleRate)
        var sixteen: [Float] = []
        try other.mono().samples.withUnsafeBufferPointer { try resampler.process($0, into: &sixteen) }
        _ = await recognizer.transcribe(sixteen.map(PCM16.sample))
        // Streamed in 20 ms pieces, as the server feeds it while the user speaks.
        for start in stride(from: 0, to: samples.count, by: 320) { recognizer.feed(Array(samples[start..<min(samples.count, start + 320)])) }
        let transcript = await recognizer.finish()
        #expect(transcript.contains("what your country can do for you"), "PocketSphinx heard: \(transcript)")
    }

    @Test func espeakSpeaksInChunksThatAddUpToTheSentence() async throws {
        try SpeechSynthesizer.shared.prepare()
        #expect(SpeechSynthesizer.shared.sampleRate == 22_050)
        var chunks = 0, samples = 0
        var peak: Int16 = 0
        for try await chunk in SpeechSynthesizer.shared.synthesize("Ask not what your country can do for you.", voice: "alloy") {
            chunks += 1
            samples += chunk.count
            peak = max(peak, chunk.map { $0 == .min ? .max : abs($0) }.max() ?? 0)
        }
        let seconds = Double(samples) / 22_050
        #expect(chunks > 5, "espeak-ng should stream the sentence in several buffers")
        #expect(seconds > 1.2 && seconds < 5, "a nine-word sentence lasted \(seconds) s")
        #expect(peak > 3000, "the speech is audible")
        #expect(!SpeechSynthesizer.shared.knows(voice: "no-such-voice-xyz"))
        #expect(SpeechSynthesizer.shared.knows(voice: "marin") && SpeechSynthesizer.shared.knows(voice: "en-gb"))
    }

    @Test func sentenceSplitterCutsSentencesAndAnEarlyFirstClause() {
        var s = SentenceSplitter()
        #expect(s.feed("Hello there. How") == ["Hello there."])
        #expect(s.feed(" are you? I am fine") == ["How are you?"])
        #expect(s.feed(", thanks for asking") == [])
        #expect(s.flush() == "I am fine, thanks for asking")
        var early = SentenceSplitter()
        #expect(early.feed("Well, the answer depends on the weather, and the time of day") == ["Well, the answer depends on the weather,"])
        #expect(early.feed(", of course.") == [])
        #expect(early.flush() == "and the time of day, of course.")
        var numbers = SentenceSplitter()
        #expect(numbers.feed("It costs 3.50 dollars. ") == ["It costs 3.50 dollars."])
        // A reply without punctuation is spoken in pieces between words, not after its last token.
        var runOn = SentenceSplitter()
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let pieces = runOn.feed(words)
        #expect(pieces.first.map { $0.count >= 48 && $0.count < 56 } == true, "\(pieces)")
        #expect(pieces.dropFirst().allSatisfy { $0.count >= 120 && $0.count < 130 }, "\(pieces)")
        #expect((pieces + [runOn.flush() ?? ""]).joined(separator: " ") == words)
    }

    @Test func truncationKeepsTheWordsThatWereHeard() {
        #expect(ServerSession.heardPart(of: "one two three four", fraction: 0.5) == "one two")
        #expect(ServerSession.heardPart(of: "one two three four", fraction: 1) == "one two three four")
        #expect(ServerSession.heardPart(of: "one two three four", fraction: 0) == "")
    }
}
