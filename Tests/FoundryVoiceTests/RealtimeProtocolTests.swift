import Foundation
import FoundryAudio
import FoundryCore
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// The realtime protocol's events, parsed from the JSON the GA and beta/preview APIs document,
/// without sockets.
@Suite struct RealtimeProtocolTests {
    @Test func parsesGAAudioDeltaWithBase64PCM16() throws {
        let pcm = Data(PCM16.encode([0, 0.5, -0.5, 1]))
        let text = """
            {"event_id":"event_3456","type":"response.output_audio.delta","response_id":"resp_001","item_id":"msg_008",
             "output_index":0,"content_index":0,"delta":"\(pcm.base64EncodedString())"}
            """
        let message = try RealtimeServerEvent.parse(text)
        #expect(message.eventID == "event_3456")
        #expect(message.dialect == .ga)
        guard case .audioDelta(let ref, let audio) = message.event else { Issue.record("not an audio delta: \(message.event)"); return }
        #expect(ref == ContentRef(responseID: "resp_001", itemID: "msg_008"))
        let samples = PCM16.decode(audio)
        #expect(samples.count == 4)
        #expect(abs(samples[1] - 0.5) < 0.001 && abs(samples[2] + 0.5) < 0.001)
    }

    @Test func betaNamesMapToTheSameEvents() throws {
        let pairs = [("response.audio.delta", "response.output_audio.delta"), ("response.audio_transcript.delta", "response.output_audio_transcript.delta"),
                     ("response.text.delta", "response.output_text.delta")]
        for (beta, ga) in pairs {
            let fields = #""response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAA=""#
            let b = try RealtimeServerEvent.parse(#"{"type":"\#(beta)",\#(fields)}"#)
            let g = try RealtimeServerEvent.parse(#"{"type":"\#(ga)",\#(fields)}"#)
            #expect(b.event == g.event)
            #expect(b.dialect == .beta && g.dialect == .ga)
            #expect(b.event.type == ga)
        }
        let done = try RealtimeServerEvent.parse(#"{"type":"response.audio_transcript.done","response_id":"r","item_id":"i","output_index":0,"content_index":0,"transcript":"Hello there."}"#)
        #expect(done.event == .audioTranscriptDone(ContentRef(responseID: "r", itemID: "i"), transcript: "Hello there."))
    }

    @Test func parsesTheInputBufferAndConversationEvents() throws {
        #expect(try RealtimeServerEvent.parse(#"{"event_id":"e1","type":"input_audio_buffer.speech_started","audio_start_ms":1000,"item_id":"msg_003"}"#).event
                == .speechStarted(audioStartMs: 1000, itemID: "msg_003"))
        #expect(try RealtimeServerEvent.parse(#"{"event_id":"e2","type":"input_audio_buffer.speech_stopped","audio_end_ms":2000,"item_id":"msg_003"}"#).event
                == .speechStopped(audioEndMs: 2000, itemID: "msg_003"))
        #expect(try RealtimeServerEvent.parse(#"{"event_id":"e3","type":"input_audio_buffer.committed","previous_item_id":"msg_001","item_id":"msg_002"}"#).event
                == .inputCommitted(itemID: "msg_002", previousItemID: "msg_001"))
        let created = try RealtimeServerEvent.parse("""
            {"event_id":"e4","type":"conversation.item.created","previous_item_id":"msg_002","item":{"id":"msg_003","object":"realtime.item",
             "type":"message","status":"completed","role":"user","content":[{"type":"input_audio","transcript":"hello how are you"}]}}
            """).event
        guard case .itemAdded(let item, let previous) = created else { Issue.record("\(created)"); return }
        #expect(previous == "msg_002" && item.role == "user" && item.text == "hello how are you")
        #expect(try RealtimeServerEvent.parse(#"{"type":"conversation.item.input_audio_transcription.completed","item_id":"msg_003","content_index":0,"transcript":"Hello, how are you?"}"#).event
                == .inputTranscriptionCompleted(itemID: "msg_003", transcript: "Hello, how are you?"))
        #expect(try RealtimeServerEvent.parse(#"{"type":"conversation.item.truncated","item_id":"msg_004","content_index":0,"audio_end_ms":1500}"#).event
                == .itemTruncated(itemID: "msg_004", contentIndex: 0, audioEndMs: 1500))
    }

    @Test func parsesResponseDoneWithUsageAndCancellation() throws {
        let done = try RealtimeServerEvent.parse("""
            {"event_id":"e5","type":"response.done","response":{"id":"resp_001","object":"realtime.response","status":"cancelled",
             "status_details":{"type":"cancelled","reason":"turn_detected"},"output":[],"usage":{"total_tokens":275,"input_tokens":127,
             "output_tokens":148,"input_token_details":{"cached_tokens":0,"text_tokens":119,"audio_tokens":8},
             "output_token_details":{"text_tokens":36,"audio_tokens":112}}}}
            """).event
        guard case .responseDone(let r) = done else { Issue.record("\(done)"); return }
        #expect(r.status == .cancelled && r.statusReason == "turn_detected")
        #expect(r.usage == RealtimeUsage(inputTextTokens: 119, inputAudioTokens: 8, outputTextTokens: 36, outputAudioTokens: 112))
    }

    @Test func parsesErrorEventsIncludingSessionExpiry() throws {
        let e = try RealtimeServerEvent.parse("""
            {"event_id":"event_890","type":"error","error":{"type":"invalid_request_error","code":"session_expired",
             "message":"Your session hit the maximum duration of 30 minutes.","param":null,"event_id":null}}
            """).event
        guard case .error(let info) = e else { Issue.record("\(e)"); return }
        #expect(info.code == "session_expired" && info.endsSession)
        #expect(info.description == "Your session hit the maximum duration of 30 minutes. (invalid_request_error, session_expired)")
        let recoverable = try RealtimeServerEvent.parse(#"{"type":"error","error":{"type":"invalid_request_error","code":"input_audio_buffer_commit_empty","message":"Error committing input audio buffer: buffer too small."}}"#).event
        guard case .error(let info2) = recoverable else { Issue.record("\(recoverable)"); return }
        #expect(!info2.endsSession)
    }

    @Test func readsBothSessionShapes() throws {
        let ga = try RealtimeServerEvent.parse("""
            {"type":"session.created","event_id":"e","session":{"type":"realtime","object":"realtime.session","id":"sess_1","model":"gpt-realtime",
             "output_modalities":["audio"],"instructions":"Be brief.","audio":{"input":{"format":{"type":"audio/pcm","rate":24000},
             "transcription":{"model":"whisper-1"},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,
             "silence_duration_ms":200}},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}}}}
            """).event
        let beta = try RealtimeServerEvent.parse("""
            {"type":"session.created","event_id":"e","session":{"id":"sess_1","object":"realtime.session","model":"gpt-realtime",
             "modalities":["text","audio"],"instructions":"Be brief.","voice":"marin","input_audio_format":"pcm16","output_audio_format":"pcm16",
             "input_audio_transcription":{"model":"whisper-1"},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,
             "silence_duration_ms":200}}}
            """).event
        guard case .sessionCreated(let g) = ga, case .sessionCreated(let b) = beta else { Issue.record("\(ga) \(beta)"); return }
        for s in [g, b] {
            #expect(s.voice == "marin" && s.instructions == "Be brief." && s.inputFormat == "pcm16" && s.transcriptionModel == "whisper-1")
            #expect(s.turnDetection == .serverVAD(.init(threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200)))
            #expect(s.wantsAudio)
        }
    }

    @Test func sessionUpdateEncodesEachDialectsShapeAndRoundTrips() throws {
        let config = RealtimeSessionConfig(
            instructions: "Answer in one sentence.", voice: "alloy", outputModalities: ["audio"], inputFormat: "pcm16", outputFormat: "pcm16",
            transcriptionModel: "whisper-1",
            turnDetection: .serverVAD(.init(threshold: 0.6, prefixPaddingMs: 200, silenceDurationMs: 400)), foundry: FoundryExtension(timings: true))
        let ga = RealtimeClientEvent.sessionUpdate(config).jsonValue(dialect: .ga)
        #expect(ga["session"]?["audio"]?["input"]?["turn_detection"]?["silence_duration_ms"]?.intValue == 400)
        #expect(ga["session"]?["audio"]?["output"]?["voice"]?.stringValue == "alloy")
        #expect(ga["session"]?["type"]?.stringValue == "realtime")
        let beta = RealtimeClientEvent.sessionUpdate(config).jsonValue(dialect: .beta)
        #expect(beta["session"]?["turn_detection"]?["threshold"]?.doubleValue == 0.6)
        #expect(beta["session"]?["modalities"] == .array([.string("text"), .string("audio")]))
        #expect(beta["session"]?["input_audio_format"]?.stringValue == "pcm16")
        for dialect in RealtimeDialect.allCases {
            let (_, parsed) = try RealtimeClientEvent.parse(Data(RealtimeClientEvent.sessionUpdate(config).text(dialect: dialect).utf8))
            guard case .sessionUpdate(var back) = parsed else { Issue.record("\(parsed)"); continue }
            if dialect == .beta { back.outputModalities = ["audio"] }
            #expect(back == config)
        }
    }

    @Test func turnDetectionNullMeansManualCommit() throws {
        let (_, event) = try RealtimeClientEvent.parse(Data(#"{"type":"session.update","session":{"type":"realtime","audio":{"input":{"turn_detection":null}}}}"#.utf8))
        guard case .sessionUpdate(let s) = event else { Issue.record("\(event)"); return }
        #expect(s.turnDetection == .disabled)
        let merged = RealtimeSessionConfig(turnDetection: .serverVAD(.defaults)).merged(with: s)
        #expect(merged.turnDetection == .disabled)
        let untouched = RealtimeSessionConfig(turnDetection: .serverVAD(.defaults)).merged(with: RealtimeSessionConfig(voice: "echo"))
        #expect(untouched.turnDetection == .serverVAD(.defaults) && untouched.voice == "echo")
    }

    @Test func clientEventsRoundTrip() throws {
        let events: [RealtimeClientEvent] = [
            .appendAudio(Data(PCM16.encode([0.25, -0.25]))), .commit, .clear, .createResponse(instructions: nil), .cancelResponse(responseID: "resp_1"),
            .truncateItem(itemID: "msg_9", contentIndex: 0, audioEndMs: 1234), .deleteItem(itemID: "msg_2"),
            .createItem(RealtimeItem(id: "u1", role: "user", content: [.init(type: "input_text", text: "hi")])),
        ]
        for event in events {
            let (id, parsed) = try RealtimeClientEvent.parse(Data(event.text(eventID: "ev_1").utf8))
            #expect(id == "ev_1")
            #expect(parsed == event)
        }
    }

    @Test func serverEventsRoundTripInBothDialects() throws {
        let ref = ContentRef(responseID: "resp_1", itemID: "item_1", outputIndex: 0, contentIndex: 0)
        let events: [RealtimeServerEvent] = [
            .speechStarted(audioStartMs: 20, itemID: "item_0"), .inputCommitted(itemID: "item_0", previousItemID: nil),
            .responseCreated(RealtimeResponseInfo(id: "resp_1", status: .inProgress)),
            .contentPartAdded(ref, partType: "output_audio"), .audioDelta(ref, audio: Data(PCM16.encode([0.1, 0.2]))),
            .audioTranscriptDelta(ref, delta: "Hello"), .audioDone(ref), .audioTranscriptDone(ref, transcript: "Hello"),
            .responseDone(RealtimeResponseInfo(id: "resp_1", status: .completed, usage: RealtimeUsage(inputAudioTokens: 10, outputAudioTokens: 20))),
            .error(RealtimeErrorInfo(type: "invalid_request_error", code: "x", message: "bad")),
            .foundryTimings(ServerTimings(responseID: "resp_1", vadSilenceMs: 500, sttFinalMs: 12.5, replyFirstTokenMs: 13, ttsFirstChunkMs: 40.1, reply: "echo")),
        ]
        for dialect in RealtimeDialect.allCases {
            for event in events {
                let message = try RealtimeServerEvent.parse(event.text(eventID: "e", dialect: dialect))
                #expect(message.event == event, "\(dialect) \(event.type)")
            }
        }
        #expect(RealtimeServerEvent.audioDelta(ref, audio: Data()).text(eventID: "e", dialect: .beta).contains(#""type":"response.audio.delta""#))
    }

    @Test func malformedMessagesNameWhatIsWrong() throws {
        #expect(throws: RealtimeProtocolError.notJSON("no \"type\" field")) { try RealtimeServerEvent.parse(#"{"event_id":"x"}"#) }
        #expect(throws: RealtimeProtocolError.missing("response.output_audio.delta", "delta")) {
            try RealtimeServerEvent.parse(#"{"type":"response.output_audio.delta","response_id":"r","item_id":"i"}"#)
        }
        #expect(throws: RealtimeProtocolError.badAudio("input_audio_buffer.append")) {
            try RealtimeClientEvent.parse(Data(#"{"type":"input_audio_buffer.append","audio":"***"}"#.utf8))
        }
        #expect((try? RealtimeServerEvent.parse("not json")) == nil)
        #expect(try RealtimeServerEvent.parse(#"{"type":"response.function_call_arguments.delta"}"#).event == .other(type: "response.function_call_arguments.delta"))
    }
}
