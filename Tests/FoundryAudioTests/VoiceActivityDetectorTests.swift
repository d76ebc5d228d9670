import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing

/// Turn detection accuracy. The known boundaries are never computed by the code under test:
/// - for utterances espeak-ng synthesises, the clip's own non-silent extent (its first and last
///   non-zero sample; espeak-ng pads with exact zeros) plus the offset at which sox inserts it;
/// - for jfk.wav (no annotation exists), sox's `silence` effect at -35 dBFS run from each end.
@Suite("Voice activity detection")
struct VoiceActivityDetectorTests {
    static let tolerance = 60.0

    @Test("jfk.wav: speech found within ±60 ms of where sox's silence detection puts it")
    func jfk() async throws {
        guard let jfk = AudioTestSupport.jfk else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await AudioTestSupport.tool("sox", [jfk, dir + "/head.wav", "silence", "1", "0.01", "-35d"])
        try await AudioTestSupport.tool("sox", [jfk, dir + "/tail.wav", "reverse", "silence", "1", "0.01", "-35d", "reverse"])
        let total = try AudioFile.read(path: jfk).durationMilliseconds
        let knownStart = total - (try AudioFile.read(path: dir + "/head.wav").durationMilliseconds)
        let knownEnd = try AudioFile.read(path: dir + "/tail.wav").durationMilliseconds

        let events = try await Self.detect(path: jfk, parameters: VADParameters())
        let starts = events.filter { $0.kind == .speechStarted }, stops = events.filter { $0.kind == .speechStopped }
        #expect(starts.count == stops.count && !starts.isEmpty)
        let startError = (starts.first?.milliseconds ?? .nan) - knownStart
        let endError = (stops.last?.milliseconds ?? .nan) - knownEnd
        print("VAD jfk.wav: start \(Self.ms(starts.first?.milliseconds)) vs sox \(Self.ms(knownStart)) (error \(Self.ms(startError))), "
              + "end \(Self.ms(stops.last?.milliseconds)) vs sox \(Self.ms(knownEnd)) (error \(Self.ms(endError))), \(starts.count) turns")
        #expect(abs(startError) <= Self.tolerance)
        #expect(abs(endError) <= Self.tolerance)
        // The protocol's audio_start_ms includes the prefix padding.
        #expect(starts.first?.protocolMilliseconds == max(0, (starts.first?.milliseconds ?? 0) - 300))
    }

    struct Condition: Sendable {
        let name: String
        let noise: [String]?  // sox synth arguments, nil for digital silence
        let speechVolume: String
    }

    static let sentences = [
        "Hello there, how are you today?",
        "She sells sea shells by the sea shore.",
        "Five fine fish swam past the boat.",
        "Thank you very much, see you tomorrow.",
    ]
    static let conditions = [
        Condition(name: "silence", noise: nil, speechVolume: "1"),
        // Noise levels are RMS dBFS as `sox … stats` measures them.
        Condition(name: "white noise -50 dBFS", noise: ["whitenoise", "vol", "0.0079"], speechVolume: "1"),
        Condition(name: "pink noise -50 dBFS", noise: ["pinknoise", "vol", "0.0153"], speechVolume: "1"),
        Condition(name: "speech -10 dB, white noise -60 dBFS", noise: ["whitenoise", "vol", "0.0025"], speechVolume: "0.316"),
        Condition(name: "white noise -40 dBFS", noise: ["whitenoise", "vol", "0.025"], speechVolume: "1"),
        Condition(name: "brown noise -40 dBFS", noise: ["brownnoise", "vol", "0.018"], speechVolume: "1"),
    ]

    @Test("espeak-ng utterances inserted at known offsets into silence and noise: every boundary within ±60 ms")
    func synthesised() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var startErrors: [Double] = [], endErrors: [Double] = []
        for (index, sentence) in Self.sentences.enumerated() {
            let speech = dir + "/s\(index).wav"
            try await AudioTestSupport.tool("espeak-ng", ["-w", speech, sentence])
            let clip = try AudioFile.read(path: speech)
            let first = try #require(clip.samples.firstIndex { $0 != 0 }), last = try #require(clip.samples.lastIndex { $0 != 0 })
            let extentStart = Double(first) * 1000 / Double(clip.sampleRate)
            let extentEnd = Double(last + 1) * 1000 / Double(clip.sampleRate)
            for (c, condition) in Self.conditions.enumerated() {
                let lead = 0.8 + 0.1373 * Double(index * Self.conditions.count + c)  // insert offset, seconds (not on the 10 ms grid)
                let mixed = try await Self.mix(speech: speech, lead: lead, trail: 1.2, condition: condition, dir: dir, tag: "\(index)-\(c)")
                let events = try await Self.detect(path: mixed, parameters: VADParameters())
                let knownStart = lead * 1000 + extentStart, knownEnd = lead * 1000 + extentEnd
                let starts = events.filter { $0.kind == .speechStarted }, stops = events.filter { $0.kind == .speechStopped }
                #expect(starts.count == 1 && stops.count == 1, "\(condition.name), '\(sentence)': one turn, got \(events)")
                guard let start = starts.first, let stop = stops.first else { continue }
                startErrors.append(start.milliseconds - knownStart)
                endErrors.append(stop.milliseconds - knownEnd)
                #expect(abs(start.milliseconds - knownStart) <= Self.tolerance, "\(condition.name), '\(sentence)': start \(start.milliseconds) vs \(knownStart)")
                #expect(abs(stop.milliseconds - knownEnd) <= Self.tolerance, "\(condition.name), '\(sentence)': end \(stop.milliseconds) vs \(knownEnd)")
                #expect(stop.decidedAtMilliseconds - stop.milliseconds >= 500, "a turn ends only after the 500 ms of silence")
            }
        }
        print("VAD synthesised (\(startErrors.count) utterances): start error " + Self.distribution(startErrors)
              + "; end error " + Self.distribution(endErrors))
    }

    @Test("two utterances 1.5 s apart in noise: two turns with silence_duration_ms 500, one with 2500")
    func twoTurns() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await AudioTestSupport.tool("espeak-ng", ["-w", dir + "/a.wav", "Ask not what your country can do for you."])
        try await AudioTestSupport.tool("espeak-ng", ["-w", dir + "/b.wav", "Ask what you can do for your country."])
        try await AudioTestSupport.tool("sox", [dir + "/a.wav", dir + "/a2.wav", "pad", "0", "1.2"])
        try await AudioTestSupport.tool("sox", [dir + "/a2.wav", dir + "/b.wav", dir + "/ab.wav", "pad", "1.0", "1.0"])
        let a = try AudioFile.read(path: dir + "/a.wav"), b = try AudioFile.read(path: dir + "/b.wav")
        let aFirst = Double(a.samples.firstIndex { $0 != 0 }!) * 1000 / Double(a.sampleRate)
        let aLast = Double(a.samples.lastIndex { $0 != 0 }! + 1) * 1000 / Double(a.sampleRate)
        let bOffset = 1000 + a.durationMilliseconds + 1200
        let bFirst = bOffset + Double(b.samples.firstIndex { $0 != 0 }!) * 1000 / Double(b.sampleRate)
        let bLast = bOffset + Double(b.samples.lastIndex { $0 != 0 }! + 1) * 1000 / Double(b.sampleRate)
        let mixed = try await Self.mix(speech: dir + "/ab.wav", lead: 0, trail: 0,
                                       condition: Self.conditions[1], dir: dir, tag: "ab")
        let events = try await Self.detect(path: mixed, parameters: VADParameters(silenceDurationMs: 500))
        let expected: [(VADEvent.Kind, Double)] = [(.speechStarted, 1000 + aFirst), (.speechStopped, 1000 + aLast),
                                                   (.speechStarted, bFirst), (.speechStopped, bLast)]
        #expect(events.map(\.kind) == expected.map(\.0), "\(events)")
        for (event, (_, known)) in zip(events, expected) {
            #expect(abs(event.milliseconds - known) <= Self.tolerance, "\(event.kind) at \(event.milliseconds), known \(known)")
        }
        // The gap is espeak-ng's trailing silence after the first sentence plus the 1.2 s inserted:
        // with a silence duration longer than that, both sentences are one turn.
        #expect(bFirst - (1000 + aLast) > 1200 && bFirst - (1000 + aLast) < 2000)
        let joined = try await Self.detect(path: mixed, parameters: VADParameters(silenceDurationMs: 2500))
        #expect(joined.map(\.kind) == [.speechStarted, .speechStopped])
    }

    @Test("speech from the very first sample, in silence or in noise, is still found and traced to its start")
    func speechAtOnce() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await AudioTestSupport.tool("espeak-ng", ["-w", dir + "/s.wav", "Hello there, how are you today?"])
        let clip = try AudioFile.read(path: dir + "/s.wav")
        let knownStart = Double(try #require(clip.samples.firstIndex { $0 != 0 })) * 1000 / Double(clip.sampleRate)
        let knownEnd = Double(try #require(clip.samples.lastIndex { $0 != 0 }) + 1) * 1000 / Double(clip.sampleRate)
        var errors: [Double] = []
        for condition in Self.conditions {
            let mixed = try await Self.mix(speech: dir + "/s.wav", lead: 0, trail: 1, condition: condition, dir: dir, tag: "0")
            let events = try await Self.detect(path: mixed, parameters: VADParameters())
            #expect(events.map(\.kind) == [.speechStarted, .speechStopped], "\(condition.name): \(events)")
            guard events.count == 2 else { continue }
            #expect(abs(events[0].milliseconds - knownStart) <= Self.tolerance, "\(condition.name): start \(events[0].milliseconds) vs \(knownStart)")
            #expect(abs(events[1].milliseconds - knownEnd) <= Self.tolerance, "\(condition.name): end \(events[1].milliseconds) vs \(knownEnd)")
            errors += [events[0].milliseconds - knownStart, events[1].milliseconds - knownEnd]
        }
        print("VAD speech from the first sample (\(Self.conditions.count) conditions, starts and ends): error " + Self.distribution(errors))
    }

    @Test("a voice that starts with a held sound after digital silence is speech, not the background")
    func heldFirstSoundAfterSilence() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // espeak-ng's "Read…" opens with 150 ms of steady voicing: once taken for the background.
        try await AudioTestSupport.tool("espeak-ng", ["-w", dir + "/r.wav", "Read me the news headlines."])
        let clip = try AudioFile.read(path: dir + "/r.wav")
        let knownStart = Double(try #require(clip.samples.firstIndex { $0 != 0 })) * 1000 / Double(clip.sampleRate)
        let padded = try await Self.mix(speech: dir + "/r.wav", lead: 0.3, trail: 1, condition: Condition(name: "silence", noise: nil, speechVolume: "1"),
                                        dir: dir, tag: "r")
        let events = try await Self.detect(path: padded, parameters: VADParameters())
        #expect(events.map(\.kind) == [.speechStarted, .speechStopped], "\(events)")
        #expect(abs((events.first?.milliseconds ?? .nan) - (300 + knownStart)) <= Self.tolerance, "\(events)")
    }

    @Test("noise alone and digital silence are never speech; a higher threshold needs louder speech")
    func noSpeech() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for noise in [["whitenoise", "vol", "0.02"], ["pinknoise", "vol", "0.05"], ["brownnoise", "vol", "0.1"]] {
            try await Self.sox(["-n", "-r", "24000", "-c", "1", dir + "/n.wav", "synth", "4"] + noise)
            let events = try await Self.detect(path: dir + "/n.wav", parameters: VADParameters())
            #expect(events.isEmpty, "\(noise[0]): \(events)")
        }
        #expect(VoiceActivityDetector.events(in: [Float](repeating: 0, count: 48_000)).isEmpty)

        // Quiet speech (-30 dB) over white noise at -64 dBFS: found at 0.5, not at 0.95.
        try await AudioTestSupport.tool("espeak-ng", ["-w", dir + "/q.wav", "Five fine fish."])
        let quiet = try await Self.mix(speech: dir + "/q.wav", lead: 1, trail: 1,
                                       condition: Condition(name: "quiet", noise: ["whitenoise", "vol", "0.0017"], speechVolume: "0.0316"),
                                       dir: dir, tag: "q")
        #expect(try await Self.detect(path: quiet, parameters: VADParameters(threshold: 0.5)).count == 2)
        #expect(try await Self.detect(path: quiet, parameters: VADParameters(threshold: 0.95)).isEmpty)
        #expect(VADParameters(threshold: 1.5).problem?.contains("threshold") == true)
    }

    // MARK: helpers

    /// All events for a file, fed in 20 ms frames at 24 kHz as a session would, off the pool.
    static func detect(path: String, parameters: VADParameters) async throws -> [VADEvent] {
        let samples = try AudioFile.readProtocolFormat(path: path).samples
        return try await OffPool.run {
            var detector = VoiceActivityDetector(parameters: parameters)
            var events: [VADEvent] = []
            for start in stride(from: 0, to: samples.count, by: ProtocolAudio.frameSamples) {
                events += detector.process(Array(samples[start..<min(samples.count, start + ProtocolAudio.frameSamples)]))
            }
            if let last = detector.finish() { events.append(last) }
            return events
        }
    }

    /// sox in repeatable mode (-R: fixed seeds for its noise and dither), so every run of a test
    /// sees the same samples; docs/audio.md gives the spread over fresh noise.
    static func sox(_ arguments: [String]) async throws {
        try await AudioTestSupport.tool("sox", ["-R"] + arguments)
    }

    /// `speech` scaled, with `lead` s of silence before and `trail` s after, mixed with noise (sox).
    static func mix(speech: String, lead: Double, trail: Double, condition: Condition, dir: String, tag: String) async throws -> String {
        let padded = dir + "/p\(tag).wav"
        try await sox(["-v", condition.speechVolume, speech, padded, "pad", String(lead), String(trail)])
        guard let noise = condition.noise else { return padded }
        let rate = try AudioFile.read(path: padded).sampleRate
        let length = seconds(padded)
        try await sox(["-n", "-r", String(rate), "-c", "1", dir + "/n\(tag).wav", "synth", length] + noise)
        let mixed = dir + "/m\(tag).wav"
        try await sox(["-m", "-v", "1", padded, "-v", "1", dir + "/n\(tag).wav", mixed])
        return mixed
    }

    static func seconds(_ path: String) -> String {
        String(format: "%.6f", (try? AudioFile.read(path: path).durationMilliseconds / 1000) ?? 0)
    }

    static func ms(_ value: Double?) -> String { value.map { String(format: "%.0f ms", $0) } ?? "none" }

    static func distribution(_ errors: [Double]) -> String {
        guard !errors.isEmpty else { return "none" }
        let sorted = errors.sorted(), absolute = errors.map(abs).sorted()
        func at(_ p: Double, _ values: [Double]) -> Double { values[min(values.count - 1, Int(Double(values.count - 1) * p + 0.5))] }
        return String(format: "min %+.0f, median %+.0f, max %+.0f ms; |error| median %.0f, p90 %.0f, max %.0f ms",
                      sorted.first!, at(0.5, sorted), sorted.last!, at(0.5, absolute), at(0.9, absolute), absolute.last!)
    }
}
