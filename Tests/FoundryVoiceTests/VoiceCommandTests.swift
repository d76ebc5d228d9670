import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

/// `foundry voice` and `foundry voice serve` as a user runs them: the built binary, private
/// HOME, files made with espeak-ng and sox.
@Suite(.serialized) struct VoiceCommandTests {
    /// With no model configured the in-process server falls back to echo (--reply auto), said once.
    @Test func aFileTurnAgainstTheInProcessServer() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("What time is it?", in: home)
        let out = home + "/reply.wav"
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--out", out, "--fast", "--silence-ms", "400"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("you: ") && lines[1].hasPrefix("assistant: You said: "), "\(r.stdout)")
        #expect(r.stderr.contains("echo mode: no model is configured"))
        #expect(r.stderr.components(separatedBy: "no model is configured").count == 2, "echo mode is said once: \(r.stderr)")
        #expect(r.stderr.contains("turn 1 (utterance.wav): speech end (local VAD) 0"))
        #expect(r.stderr.contains("server VAD decision → first audio"))
        #expect(r.stderr.contains("latency over 1 turn"))
        // "You said: …" lasts at least half a second, whatever the recogniser heard.
        let seconds = try await VoiceTestAudio.duration(out)
        #expect(seconds > 0.5)
        let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8)
        let record = try JSONValue.parse(Data(usage.split(separator: "\n")[0].utf8), what: "usage")
        #expect(record["source"]?.stringValue == "voice" && record["model"]?.stringValue == "local/voice-echo")
        #expect((record["audio_input_seconds"]?.doubleValue ?? 0) > 0.5)
        #expect(abs((record["audio_output_seconds"]?.doubleValue ?? 0) - seconds) < 0.01, "the log counts the audio written")
        #expect(record["cost_usd"]?.doubleValue == 0)
    }

    /// A file with a pause longer than the server's silence window is two segments: the turn
    /// ends with the reply to the last one, not with the first (cancelled when speech resumed).
    @Test func aPauseInTheFileIsAnsweredAfterTheLastSegment() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let first = try await VoiceTestAudio.utterance("Good morning.", tail: 1.2, in: home, name: "first.wav")
        let second = try await VoiceTestAudio.utterance("What time is it?", in: home, name: "second.wav")
        let input = home + "/paused.wav"
        try await VoiceTestAudio.tool("/usr/bin/sox", [first, second, input])
        let out = home + "/reply.wav"
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--out", out, "--reply", "echo", "--fast", "--silence-ms", "400"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let users = lines.indices.filter { lines[$0].hasPrefix("you: ") }
        #expect(users.count == 2, "\(r.stdout)")
        // The echo of the last segment is spoken (whatever the recogniser heard in it).
        let last = try #require(users.last.map { lines[$0].dropFirst("you: ".count) })
        #expect(r.stdout.contains("assistant: You said: \(last)"), "the last segment is answered: \(r.stdout)")
        #expect(r.stderr.contains("latency over 1 turn"), "\(r.stderr)")
        #expect(try await VoiceTestAudio.duration(out) > 0.5)
    }

    @Test func jsonPrintsEveryEventAndABargeInTruncatesThePlayedAudio() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let first = try await VoiceTestAudio.utterance("Please tell me a long story about the sea and the ships.", in: home, name: "first.wav")
        let second = try await VoiceTestAudio.utterance("Stop, that is enough.", in: home, name: "second.wav")
        let r = try await CommandRunner.foundry(["voice", "--in", first, "--in", second, "--reply", "echo", "--interrupt-after", "300",
                                                 "--silence-ms", "400", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let records = r.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8), what: "line") }
        #expect(records.count == r.stdout.split(separator: "\n").count, "every stdout line is JSON")
        let events = records.compactMap { $0["event"] }
        func sent(_ type: String) -> [JSONValue] { records.filter { $0["direction"]?.stringValue == "sent" && $0["event"]?["type"]?.stringValue == type } }
        func received(_ type: String) -> [JSONValue] { records.filter { $0["direction"]?.stringValue == "received" && $0["event"]?["type"]?.stringValue == type } }
        #expect(!sent("input_audio_buffer.append").isEmpty && sent("input_audio_buffer.append")[0]["event"]?["audio_bytes"]?.intValue == 960)
        #expect(received("response.output_audio.delta").allSatisfy { $0["event"]?["delta"] == nil && ($0["event"]?["delta_bytes"]?.intValue ?? 0) > 0 })
        let truncate = try #require(sent("conversation.item.truncate").first)
        let played = truncate["event"]?["audio_end_ms"]?.intValue ?? -1
        #expect(played >= 250 && played < 2000, "played \(played) ms before the barge-in")
        #expect(received("conversation.item.truncated").first?["event"]?["audio_end_ms"]?.intValue == played)
        #expect(received("response.done").count == 2)
        let turns = records.filter { $0["type"]?.stringValue == "foundry.turn" }
        #expect(turns.count == 2 && turns[0]["barge_in_at_ms"]?.intValue == played)
        #expect(records.last?["type"]?.stringValue == "foundry.summary")
        #expect(events.allSatisfy { $0["type"] != nil })
    }

    @Test func serveSpeaksTheProtocolToTheClientAndStopsOnSIGTERM() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Good morning.", in: home)
        let port = ReferencePeers.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        server.arguments = ["voice", "serve", "--port", String(port), "--reply", "echo"]
        server.environment = ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        server.standardError = errors
        try server.run()
        defer { ReferencePeers.stop(server) }
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            if let r = try? await CommandRunner.run("/usr/bin/curl", ["-sf", "http://127.0.0.1:\(port)/health"]), r.status == 0 { ready = true }
        }
        #expect(ready, "voice serve did not answer /health")
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--endpoint", "ws://127.0.0.1:\(port)/v1/realtime", "--fast",
                                                 "--silence-ms", "400"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("assistant: You said: "))
        server.terminate()
        let stopped = Date().addingTimeInterval(5)
        while server.isRunning && Date() < stopped { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!server.isRunning, "voice serve must stop on SIGTERM")
        let log = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
        #expect(log.contains("foundry: voice serve listening on ws://127.0.0.1:\(port)/v1/realtime (replies: echo"))
    }

    @Test func ctrlCEndsTheRunAtOnceWithTheTurnsSoFarAndAWholeFile() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("What is the weather like in Paris today?", in: home)
        let out = home + "/reply.wav"
        // Ctrl-C once the first reply has been printed (or after 60 s, if it never is).
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--in", input, "--in", input, "--in", input, "--out", out,
                                                 "--reply", "echo", "--silence-ms", "400"], home: home,
                                                interruptAfter: 60, interruptWhen: "assistant: ")
        let interruptedAt = try #require(r.interruptedAt)
        #expect(Date().timeIntervalSince(interruptedAt) < 4, "the run ended soon after Ctrl-C")
        #expect(r.status == ExitStatus.interrupted, "\(r.stderr)")
        #expect(r.stderr.contains("foundry: interrupted; the reply audio so far is saved"), "\(r.stderr)")
        #expect(r.stderr.contains("turn 1 (utterance.wav)"))
        #expect(try await VoiceTestAudio.duration(out) >= 0, "the output file is a valid WAV")
    }

    @Test func badInputIsOneClearLineAndTheDocumentedExitCode() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let missing = try await CommandRunner.foundry(["voice", "--in", home + "/nope.wav"], home: home)
        #expect(missing.status == ExitStatus.failure)
        #expect(missing.stderr == "foundry: cannot open '\(home)/nope.wav': no such file\n")

        let text = home + "/notes.wav"
        try "not audio at all".write(toFile: text, atomically: true, encoding: .utf8)
        let garbage = try await CommandRunner.foundry(["voice", "--in", text, "--reply", "echo"], home: home)
        #expect(garbage.status == ExitStatus.failure)
        #expect(garbage.stderr.hasPrefix("foundry: ") && garbage.stderr.contains("notes.wav") && !garbage.stderr.contains("Fatal"), "\(garbage.stderr)")

        let input = try await VoiceTestAudio.utterance("Hello.", in: home)
        let nobody = try await CommandRunner.foundry(["voice", "--in", input, "--endpoint", "ws://127.0.0.1:\(ReferencePeers.freePort())/v1/realtime"], home: home)
        #expect(nobody.status == ExitStatus.provider)
        #expect(nobody.stderr.hasPrefix("foundry: cannot connect to ws://127.0.0.1:"), "\(nobody.stderr)")

        let url = try await CommandRunner.foundry(["voice", "--in", input, "--endpoint", "ftp://example"], home: home)
        #expect(url.status == ExitStatus.usage)
        #expect(url.stderr.hasPrefix("foundry: --endpoint 'ftp://example' is not a ws://, wss:// or https:// URL"))

        let azure = try await CommandRunner.foundry(["voice", "--in", input, "--endpoint", "wss://myres.openai.azure.com/openai/v1/realtime?model=gpt-realtime"], home: home)
        #expect(azure.status == ExitStatus.usage)
        #expect(azure.stderr.hasPrefix("foundry: no key for Azure OpenAI"))

        let silence = try await VoiceTestAudio.silence(1, in: home)
        let quiet = try await CommandRunner.foundry(["voice", "--in", silence, "--out", home + "/r.wav", "--reply", "echo", "--fast"], home: home)
        #expect(quiet.status == ExitStatus.failure)
        #expect(quiet.stderr.contains("foundry: silence.wav: no speech detected in 'silence.wav'"))
        #expect(try await VoiceTestAudio.duration(home + "/r.wav") == 0, "the output file is a valid, empty WAV")
    }
}

/// The microphone and speaker through ALSA without sound hardware: a private ALSA configuration
/// whose `type file` devices read a raw file as the microphone and write the speaker to a file.
@Suite(.serialized) struct VoiceDeviceTests {
    @Test func microphoneTurnPlayedToTheSpeaker() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let speech = try await VoiceTestAudio.utterance("What is the weather like?", in: home)
        let mic = home + "/mic.raw", speaker = home + "/speaker.raw", config = home + "/asound.conf"
        try await VoiceTestAudio.tool("/usr/bin/sox", [speech, "-r", "24000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", mic, "pad", "0", "1.5"])
        try """
            pcm.testmic { type file slave.pcm { type null } file "/dev/null" infile "\(mic)" format "raw" }
            pcm.testspeaker { type file slave.pcm { type null } file "\(speaker)" format "raw" }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try await CommandRunner.foundry(["voice", "--mic", "testmic", "--alsa-config", config, "--seconds", "3", "--reply", "echo",
                                                 "--play", "--play-device", "testspeaker"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("you: ") && r.stdout.contains("assistant: You said: "), "\(r.stdout)")
        #expect(r.stderr.contains("turn 1 (microphone turn 1)"))
        let played = (try? FileManager.default.attributesOfItem(atPath: speaker)[.size] as? Int) ?? 0
        #expect(played > 24_000, "the speaker got the reply (\(played) bytes)")
    }

    @Test func devicesListsALSAsNullDevice() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let r = try await CommandRunner.foundry(["voice", "devices", "--json"], home: home)
        #expect(r.status == 0)
        let devices = try JSONValue.parse(Data(r.stdout.utf8), what: "devices").arrayValue ?? []
        #expect(devices.contains { $0["name"]?.stringValue == "null" && $0["capture"]?.boolValue == true && $0["playback"]?.boolValue == true })
        let missing = try await CommandRunner.foundry(["voice", "--mic", "no-such-mic", "--seconds", "1", "--reply", "echo"], home: home)
        #expect(missing.status == ExitStatus.failure)
        #expect(missing.stderr.hasPrefix("foundry: ") && missing.stderr.contains("no-such-mic"), "\(missing.stderr)")
    }
}
