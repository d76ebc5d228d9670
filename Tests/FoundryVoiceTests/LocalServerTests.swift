import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// `voice serve`'s pipeline (server VAD → PocketSphinx → reply → espeak-ng) through the official
/// openai SDK and through foundry's own client, on 127.0.0.1.
@Suite(.serialized) struct LocalServerTests {
    static let echo = ServerServices(reply: EchoReply())

    @Test func openAISDKRealtimeClientCompletesASpokenTurn() async throws {
        guard let python = ReferencePeers.python() else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        let speech = try await VoiceTestAudio.utterance("Ask not what your country can do for you.", in: dir)
        let raw = try await VoiceTestAudio.raw24k(speech, in: dir)
        let script = TestEnvironment.packageRoot + "/scripts/check_voice_openai_sdk.py"
        let result = try await LocalServer.with(Self.echo) { port in
            try await CommandRunner.run(python, [script, "ws://127.0.0.1:\(port)/v1", raw], inheritEnvironment: true)
        }
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue.parse(Data(result.stdout.utf8), what: "SDK summary")
        let events = summary["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for expected in ["session.created", "session.updated", "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped",
                         "input_audio_buffer.committed", "conversation.item.added", "conversation.item.input_audio_transcription.completed",
                         "response.created", "response.output_item.added", "response.content_part.added", "response.output_audio_transcript.delta",
                         "response.output_audio.delta", "response.output_audio.done", "response.done"] {
            #expect(events.contains(expected), "the SDK saw no \(expected): \(events)")
        }
        #expect(events.first == "session.created" && events.last == "response.done")
        #expect(summary["status"]?.stringValue == "completed")
        #expect(summary["reply"]?.stringValue == "echo")
        #expect(summary["voice"]?.stringValue == "marin")
        let heard = summary["user_transcript"]?.stringValue ?? ""
        #expect(!heard.isEmpty, "PocketSphinx heard nothing")
        #expect(summary["assistant_transcript"]?.stringValue == "You said: \(heard).")
        #expect((summary["audio_bytes"]?.intValue ?? 0) > 24_000 * 2, "at least a second of reply audio")
    }

    func options(_ inputs: [String], out: String? = nil, silenceMs: Int = 400) -> VoiceClientOptions {
        var o = VoiceClientOptions()
        o.inputs = inputs
        o.fast = true
        o.out = out
        o.session = RealtimeSessionConfig(voice: "alloy", transcriptionModel: "whisper-1", turnDetection: .serverVAD(.init(silenceDurationMs: silenceMs)))
        return o
    }

    func endpoint(_ port: Int) -> RealtimeEndpoint {
        RealtimeEndpoint(url: "ws://127.0.0.1:\(port)/v1/realtime", kind: .other, dialect: .ga, headers: [:], model: nil)
    }

    @Test func foundryClientGetsTheReplyAndTheServerTimings() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello, this is a test of the voice server.", in: dir)
        let out = dir + "/reply.wav"
        let result = try await LocalServer.with(Self.echo) { port in
            try await VoiceClient(options: options([input], out: out), endpoint: endpoint(port), output: .quietForTests()).run()
        }
        let turn = try #require(result.turns.first)
        #expect(turn.status == .completed)
        #expect(result.foundry?.reply == "echo")
        #expect(turn.assistantTranscript == "You said: \(turn.userTranscript ?? "?").")
        #expect(turn.serverSTTFinalMs != nil && turn.serverReplyFirstTokenMs != nil && turn.serverTTSFirstChunkMs != nil)
        #expect(turn.vadSilenceMs == 400)
        #expect(turn.outputAudioMs > 500)
        #expect(abs(try await VoiceTestAudio.duration(out) * 1000 - turn.outputAudioMs) < 1)
    }

    @Test func manualCommitWithoutTurnDetection() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Testing push to talk.", in: dir)
        var o = options([input])
        o.session.turnDetection = .disabled
        o.manualTurns = true
        let manual = o
        let result = try await LocalServer.with(Self.echo) { port in
            try await VoiceClient(options: manual, endpoint: endpoint(port), output: .quietForTests()).run()
        }
        let turn = try #require(result.turns.first)
        #expect(turn.status == .completed)
        #expect(turn.serverSpeechStoppedMs == nil, "no server VAD without turn detection")
        #expect(turn.committedMs != nil && turn.firstAudioMs != nil)
    }

    @Test func severalSessionsAtOnce() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("One more time.", in: dir)
        let results = try await LocalServer.with(Self.echo) { port in
            try await withThrowingTaskGroup(of: VoiceClient.Result.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await VoiceClient(options: options([input]), endpoint: endpoint(port), output: .quietForTests()).run() }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0.turns.first?.status == .completed && ($0.turns.first?.outputAudioMs ?? 0) > 500 })
    }

    @Test func silenceIsNoSpeech() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.silence(1, in: dir)
        do {
            _ = try await LocalServer.with(Self.echo) { port in
                try await VoiceClient(options: options([input]), endpoint: endpoint(port), output: .quietForTests()).run()
            }
            Issue.record("silence must not be answered")
        } catch let failed as VoiceClientError {
            #expect(failed.error.exitCode == ExitStatus.failure)
            #expect(failed.error.message == "silence.wav: no speech detected in 'silence.wav' (the client's VAD heard none either)")
        }
    }
}
