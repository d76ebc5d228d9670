import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// The client against a server replaying the documented GA and beta/preview event sequences,
/// including error events, a session expiry and a close in the middle of a response.
@Suite(.serialized) struct ClientReplayTests {
    /// Plays the documented turn once the client has sent audio; sends `extra` first.
    static func script(beta: Bool, turn: [String], before: [String] = [], closeAfter: Bool = false) -> @Sendable (ReplayServer.Connection) async throws -> Void {
        { c in
            try await c.send(DocumentedSequences.sessionCreated(beta))
            try await c.expect("session.update")
            try await c.send(DocumentedSequences.sessionUpdated(beta))
            try await c.expect("input_audio_buffer.append")
            for line in before + turn { try await c.send(line) }
            if closeAfter {
                try await c.close(reason: "upstream failure")
                return
            }
            while try await c.next() != nil {}
        }
    }

    func run(_ port: Int, path: String, dialect: RealtimeDialect, out: String, input: String) async throws -> VoiceClient.Result {
        var options = VoiceClientOptions()
        options.inputs = [input]
        options.fast = true
        options.out = out
        options.session = RealtimeSessionConfig(voice: "marin", transcriptionModel: "whisper-1", turnDetection: .serverVAD(.init(silenceDurationMs: 500)))
        let endpoint = RealtimeEndpoint(url: "ws://127.0.0.1:\(port)\(path)", kind: .other, dialect: dialect, headers: [:], model: nil)
        return try await VoiceClient(options: options, endpoint: endpoint, output: .quietForTests()).run()
    }

    @Test(arguments: [(false, "/v1/realtime?model=gpt-realtime", RealtimeDialect.ga),
                      (true, "/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-realtime", RealtimeDialect.beta)])
    func completesADocumentedTurn(beta: Bool, path: String, dialect: RealtimeDialect) async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hi there, can you hear me?", in: dir)
        let out = dir + "/reply.wav"
        let result = try await ReplayServer.with(script: Self.script(beta: beta, turn: DocumentedSequences.turn(beta))) { port in
            try await run(port, path: path, dialect: dialect, out: out, input: input)
        }
        let turn = try #require(result.turns.first)
        #expect(turn.status == .completed)
        #expect(turn.userTranscript == "Hi there, can you hear me?")
        #expect(turn.assistantTranscript == "Hello! How can I help you today?")
        #expect(turn.outputAudioMs == 500)
        #expect(result.usage.first??.outputAudioTokens == 91)
        for stamp in [turn.serverSpeechStoppedMs, turn.committedMs, turn.responseCreatedMs, turn.firstTextMs, turn.firstAudioMs, turn.lastAudioMs] {
            #expect(stamp != nil)
        }
        #expect(turn.serverVADToFirstAudioMs.map { $0 >= 0 } ?? false)
        #expect(abs(try await VoiceTestAudio.duration(out) - 0.5) < 0.01, "the WAV holds the five 100 ms deltas")
    }

    @Test func recoverableErrorEventsAreReportedAndTheTurnGoesOn() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        let result = try await ReplayServer.with(script: Self.script(beta: false, turn: DocumentedSequences.turn(false), before: [DocumentedSequences.recoverableError])) { port in
            try await run(port, path: "/v1/realtime", dialect: .ga, out: dir + "/r.wav", input: input)
        }
        #expect(result.turns.first?.status == .completed)
    }

    @Test func aServerRefusingFoundrysExtensionGetsTheUpdateWithoutIt() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        let strict: @Sendable (ReplayServer.Connection) async throws -> Void = { c in
            try await c.send(DocumentedSequences.sessionCreated(false))
            let first = try await c.expect("session.update")
            #expect(first?["session"]?["foundry"] != nil)
            try await c.send(#"{"type":"error","event_id":"e9","error":{"type":"invalid_request_error","code":"unknown_parameter","message":"Unknown parameter: 'session.foundry'.","param":"session.foundry","event_id":null}}"#)
            let second = try await c.expect("session.update")
            #expect(second?["session"]?["foundry"] == nil)
            try await c.send(DocumentedSequences.sessionUpdated(false))
            try await c.expect("input_audio_buffer.append")
            for line in DocumentedSequences.turn(false) { try await c.send(line) }
            while try await c.next() != nil {}
        }
        let result = try await ReplayServer.with(script: strict) { port in
            try await run(port, path: "/v1/realtime", dialect: .ga, out: dir + "/r.wav", input: input)
        }
        #expect(result.turns.first?.status == .completed)
    }

    @Test func sessionExpiryEndsTheRunWithAProviderError() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        let out = dir + "/r.wav"
        let partial = Array(DocumentedSequences.turn(false).prefix(12)) + [DocumentedSequences.sessionExpired]
        do {
            _ = try await ReplayServer.with(script: Self.script(beta: false, turn: partial)) { port in
                try await run(port, path: "/v1/realtime", dialect: .ga, out: out, input: input)
            }
            Issue.record("an expired session must fail the run")
        } catch let error as FoundryError {
            #expect(error.exitCode == ExitStatus.provider)
            #expect(error.message == "the server ended the session: Your session hit the maximum duration of 30 minutes. (invalid_request_error, session_expired)")
        }
        // The audio that arrived before the expiry is a complete, valid file.
        #expect(abs(try await VoiceTestAudio.duration(out) - 0.2) < 0.01)
    }

    @Test func aCloseInTheMiddleOfAResponseKeepsTheAudioSoFar() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        let out = dir + "/r.wav"
        do {
            _ = try await ReplayServer.with(script: Self.script(beta: true, turn: DocumentedSequences.turn(true, cutAfter: 3), closeAfter: true)) { port in
                try await run(port, path: "/openai/realtime", dialect: .beta, out: out, input: input)
            }
            Issue.record("a close mid-response must fail the run")
        } catch let error as FoundryError {
            #expect(error.exitCode == ExitStatus.provider)
            #expect(error.message.hasPrefix("the server closed the connection in the middle of a turn"), "\(error.message)")
            #expect(error.message.contains("upstream failure"))
        }
        #expect(abs(try await VoiceTestAudio.duration(out) - 0.3) < 0.01)
    }

    @Test func aFailedResponseFailsTheTurn() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        do {
            _ = try await ReplayServer.with(script: Self.script(beta: false, turn: DocumentedSequences.turn(false, deltas: 1, status: "failed"))) { port in
                try await run(port, path: "/v1/realtime", dialect: .ga, out: dir + "/r.wav", input: input)
            }
            Issue.record("a failed response must fail the run")
        } catch let failed as VoiceClientError {
            #expect(failed.error.exitCode == ExitStatus.provider)
            #expect(failed.error.message.contains("The server had an error while processing your request."))
            #expect(failed.result.turns.first?.status == .failed)
        }
    }

    @Test func aRefusedUpgradeIsExplainedWithTheHTTPStatus() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        do {
            _ = try await ReplayServer.with(script: { _ in }) { port in
                var options = VoiceClientOptions()
                options.inputs = [input]
                let endpoint = RealtimeEndpoint(url: "ws://127.0.0.1:\(port)/v1/realtime", kind: .other, dialect: .ga,
                                                headers: ["Authorization": "Bearer wrong-key"], model: nil)
                return try await VoiceClient(options: options, endpoint: endpoint, output: .quietForTests()).run()
            }
            Issue.record("a refused upgrade must fail")
        } catch let error as FoundryError {
            #expect(error.exitCode == ExitStatus.provider)
            #expect(error.message.hasPrefix("ws://127.0.0.1:") && error.message.contains("refused the WebSocket upgrade: HTTP"), "\(error.message)")
            #expect(!error.message.contains("wrong-key"))
        }
    }
}
