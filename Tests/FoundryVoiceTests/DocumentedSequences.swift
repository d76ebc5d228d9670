import Foundation

/// Server event sequences as the OpenAI Realtime reference documents them (GA names) and as the
/// beta API and Azure OpenAI's preview API send them, written out as JSON text.
enum DocumentedSequences {
    /// 100 ms of a 440 Hz tone at 24 kHz, PCM16, base64.
    static let toneDelta: String = {
        var data = Data()
        for i in 0..<2400 {
            let v = Int16(8000 * sin(2 * Double.pi * 440 * Double(i) / 24_000))
            withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
        }
        return data.base64EncodedString()
    }()

    static func sessionCreated(_ beta: Bool) -> String {
        beta
            ? #"{"type":"session.created","event_id":"event_1","session":{"id":"sess_001","object":"realtime.session","model":"gpt-realtime","modalities":["text","audio"],"instructions":"","voice":"alloy","input_audio_format":"pcm16","output_audio_format":"pcm16","input_audio_transcription":null,"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":200},"tools":[],"tool_choice":"auto","temperature":0.8,"max_response_output_tokens":"inf"}}"#
            : #"{"type":"session.created","event_id":"event_1","session":{"type":"realtime","object":"realtime.session","id":"sess_001","model":"gpt-realtime-2025-08-28","output_modalities":["audio"],"instructions":"","tools":[],"tool_choice":"auto","max_output_tokens":"inf","tracing":null,"prompt":null,"expires_at":1756324625,"audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":null,"noise_reduction":null,"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":200,"idle_timeout_ms":null,"create_response":true,"interrupt_response":true}},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin","speed":1}},"include":null}}"#
    }

    static func sessionUpdated(_ beta: Bool) -> String {
        beta
            ? #"{"type":"session.updated","event_id":"event_2","session":{"id":"sess_001","object":"realtime.session","model":"gpt-realtime","modalities":["text","audio"],"voice":"alloy","input_audio_format":"pcm16","output_audio_format":"pcm16","input_audio_transcription":{"model":"whisper-1"},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500}}}"#
            : #"{"type":"session.updated","event_id":"event_2","session":{"type":"realtime","object":"realtime.session","id":"sess_001","model":"gpt-realtime-2025-08-28","output_modalities":["audio"],"audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"whisper-1"},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500}},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}}}}"#
    }

    /// A spoken turn and its reply: `deltas` audio deltas of 100 ms, the transcript in two pieces.
    /// `cutAfter` stops after that many audio deltas (for a close in the middle of a response).
    static func turn(_ beta: Bool, deltas: Int = 5, cutAfter: Int? = nil, status: String = "completed") -> [String] {
        let audio = beta ? "response.audio" : "response.output_audio"
        let transcript = beta ? "response.audio_transcript" : "response.output_audio_transcript"
        let itemAdded = beta ? "conversation.item.created" : "conversation.item.added"
        let part = beta ? "audio" : "output_audio"
        let ids = #""response_id":"resp_001","item_id":"item_002","output_index":0,"content_index":0"#
        var events = [
            #"{"type":"input_audio_buffer.speech_started","event_id":"event_3","audio_start_ms":120,"item_id":"item_001"}"#,
            #"{"type":"input_audio_buffer.speech_stopped","event_id":"event_4","audio_end_ms":1840,"item_id":"item_001"}"#,
            #"{"type":"input_audio_buffer.committed","event_id":"event_5","previous_item_id":null,"item_id":"item_001"}"#,
            #"{"type":"\#(itemAdded)","event_id":"event_6","previous_item_id":null,"item":{"id":"item_001","object":"realtime.item","type":"message","status":"completed","role":"user","content":[{"type":"input_audio","transcript":null}]}}"#,
            #"{"type":"response.created","event_id":"event_7","response":{"object":"realtime.response","id":"resp_001","status":"in_progress","status_details":null,"output":[],"conversation_id":"conv_001","output_modalities":["audio"],"max_output_tokens":"inf","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}},"usage":null,"metadata":null}}"#,
            #"{"type":"\#(itemAdded)","event_id":"event_8","previous_item_id":"item_001","item":{"id":"item_002","object":"realtime.item","type":"message","status":"in_progress","role":"assistant","content":[]}}"#,
            #"{"type":"response.output_item.added","event_id":"event_9","response_id":"resp_001","output_index":0,"item":{"id":"item_002","object":"realtime.item","type":"message","status":"in_progress","role":"assistant","content":[]}}"#,
            #"{"type":"response.content_part.added","event_id":"event_10",\#(ids),"part":{"type":"\#(part)","transcript":""}}"#,
            #"{"type":"\#(transcript).delta","event_id":"event_11",\#(ids),"delta":"Hello! How can"}"#,
            #"{"type":"conversation.item.input_audio_transcription.completed","event_id":"event_12","item_id":"item_001","content_index":0,"transcript":"Hi there, can you hear me?","usage":{"type":"duration","seconds":2}}"#,
        ]
        for i in 0..<deltas {
            if let cut = cutAfter, i == cut { return events }
            events.append(#"{"type":"\#(audio).delta","event_id":"event_a\#(i)",\#(ids),"delta":"\#(toneDelta)"}"#)
            if i == 1 { events.append(#"{"type":"\#(transcript).delta","event_id":"event_13",\#(ids),"delta":" I help you today?"}"#) }
        }
        events += [
            #"{"type":"\#(audio).done","event_id":"event_14",\#(ids)}"#,
            #"{"type":"\#(transcript).done","event_id":"event_15",\#(ids),"transcript":"Hello! How can I help you today?"}"#,
            #"{"type":"response.content_part.done","event_id":"event_16",\#(ids),"part":{"type":"\#(part)","transcript":"Hello! How can I help you today?"}}"#,
            #"{"type":"response.output_item.done","event_id":"event_17","response_id":"resp_001","output_index":0,"item":{"id":"item_002","object":"realtime.item","type":"message","status":"completed","role":"assistant","content":[{"type":"\#(part)","transcript":"Hello! How can I help you today?"}]}}"#,
        ]
        let details = status == "failed" ? #"{"type":"failed","error":{"type":"server_error","code":"server_error","message":"The server had an error while processing your request."}}"# : "null"
        events.append(#"{"type":"response.done","event_id":"event_18","response":{"object":"realtime.response","id":"resp_001","status":"\#(status)","status_details":\#(details),"output":[],"usage":{"total_tokens":253,"input_tokens":132,"output_tokens":121,"input_token_details":{"text_tokens":119,"audio_tokens":13,"cached_tokens":0},"output_token_details":{"text_tokens":30,"audio_tokens":91}}}}"#)
        return events
    }

    static let sessionExpired = #"{"type":"error","event_id":"event_890","error":{"type":"invalid_request_error","code":"session_expired","message":"Your session hit the maximum duration of 30 minutes.","param":null,"event_id":null}}"#
    static let recoverableError = #"{"type":"error","event_id":"event_567","error":{"type":"invalid_request_error","code":"invalid_value","message":"Invalid value: 'shimmerz'. Supported values are: 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', and 'cedar'.","param":"session.audio.output.voice","event_id":null}}"#
}
