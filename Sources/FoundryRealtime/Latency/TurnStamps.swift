import FoundryCore

/// The instants of one turn on the client's monotonic clock, as they happen.
package struct TurnStamps: Sendable {
    package var userAudioStart: ContinuousClock.Instant?
    /// When the user stopped speaking, by the client's own VAD (the frame that held the last speech).
    package var localSpeechEnd: ContinuousClock.Instant?
    /// When the last frame of the turn's audio was sent.
    package var lastAudioSent: ContinuousClock.Instant?
    package var serverSpeechStopped: ContinuousClock.Instant?
    package var committed: ContinuousClock.Instant?
    package var responseCreated: ContinuousClock.Instant?
    package var firstText: ContinuousClock.Instant?
    package var firstAudio: ContinuousClock.Instant?
    package var lastAudio: ContinuousClock.Instant?
    package var responseDone: ContinuousClock.Instant?
    package var server: ServerTimings?

    /// The waterfall: every stamp in milliseconds after the user's speech end (the local VAD's,
    /// or the last audio sent when it found none).
    package func waterfall(turn: Int, input: String) -> TurnWaterfall {
        let zero = localSpeechEnd ?? lastAudioSent
        func ms(_ i: ContinuousClock.Instant?) -> Double? {
            guard let i, let zero else { return nil }
            return ((i - zero).millisecondsDouble * 10).rounded() / 10
        }
        var w = TurnWaterfall(turn: turn, input: input)
        w.localSpeechEndMs = ms(localSpeechEnd)
        w.lastAudioSentMs = ms(lastAudioSent)
        w.serverSpeechStoppedMs = ms(serverSpeechStopped)
        w.committedMs = ms(committed)
        w.responseCreatedMs = ms(responseCreated)
        w.firstTextMs = ms(firstText)
        w.firstAudioMs = ms(firstAudio)
        w.lastAudioMs = ms(lastAudio)
        w.responseDoneMs = ms(responseDone)
        if let stopped = serverSpeechStopped, let first = firstAudio {
            w.serverVADToFirstAudioMs = ((first - stopped).millisecondsDouble * 10).rounded() / 10
        }
        if let s = server {
            w.vadSilenceMs = s.vadSilenceMs
            w.serverSTTFinalMs = s.sttFinalMs
            w.serverReplyFirstTokenMs = s.replyFirstTokenMs
            w.serverTTSFirstChunkMs = s.ttsFirstChunkMs
            w.serverFirstAudioSentMs = s.firstAudioSentMs
        }
        return w
    }
}

/// One turn's latency waterfall, milliseconds after the user's speech end.
public struct TurnWaterfall: Sendable, Codable, Equatable {
    public var turn: Int
    public var input: String
    public var localSpeechEndMs: Double?
    public var lastAudioSentMs: Double?
    public var serverSpeechStoppedMs: Double?
    public var committedMs: Double?
    public var responseCreatedMs: Double?
    public var firstTextMs: Double?
    public var firstAudioMs: Double?
    public var lastAudioMs: Double?
    public var responseDoneMs: Double?
    /// The server's VAD decision (as received) → first audio byte: the figure that excludes the silence window.
    public var serverVADToFirstAudioMs: Double?
    /// foundry's server only: its silence window and stages after its VAD decision.
    public var vadSilenceMs: Int?
    public var serverSTTFinalMs: Double?
    public var serverReplyFirstTokenMs: Double?
    public var serverTTSFirstChunkMs: Double?
    public var serverFirstAudioSentMs: Double?
    public var userTranscript: String?
    public var assistantTranscript: String?
    public var status: RealtimeStatus = .completed
    /// The user spoke over the reply after this many ms of it had played (it was truncated there).
    public var bargeInAtMs: Int?
    public var inputAudioMs: Double = 0
    public var outputAudioMs: Double = 0

    public init(turn: Int, input: String) {
        self.turn = turn
        self.input = input
    }

    enum CodingKeys: String, CodingKey {
        case turn, input, status
        case localSpeechEndMs = "local_speech_end_ms", lastAudioSentMs = "last_audio_sent_ms"
        case serverSpeechStoppedMs = "server_speech_stopped_ms", committedMs = "committed_ms", responseCreatedMs = "response_created_ms"
        case firstTextMs = "first_text_ms", firstAudioMs = "first_audio_ms", lastAudioMs = "last_audio_ms", responseDoneMs = "response_done_ms"
        case serverVADToFirstAudioMs = "server_vad_to_first_audio_ms", vadSilenceMs = "vad_silence_ms"
        case serverSTTFinalMs = "server_stt_final_ms", serverReplyFirstTokenMs = "server_reply_first_token_ms"
        case serverTTSFirstChunkMs = "server_tts_first_chunk_ms", serverFirstAudioSentMs = "server_first_audio_sent_ms"
        case userTranscript = "user_transcript", assistantTranscript = "assistant_transcript"
        case inputAudioMs = "input_audio_ms", outputAudioMs = "output_audio_ms", bargeInAtMs = "barge_in_at_ms"
    }

    /// The columns summarised over turns, by name.
    package static var columns: [(String, KeyPath<TurnWaterfall, Double?>)] { [
        ("server_speech_stopped", \.serverSpeechStoppedMs), ("committed", \.committedMs), ("response_created", \.responseCreatedMs),
        ("first_text", \.firstTextMs), ("first_audio", \.firstAudioMs), ("last_audio", \.lastAudioMs),
        ("server_vad_to_first_audio", \.serverVADToFirstAudioMs), ("server_stt_final", \.serverSTTFinalMs),
        ("server_reply_first_token", \.serverReplyFirstTokenMs), ("server_tts_first_chunk", \.serverTTSFirstChunkMs),
    ] }

    /// One line for people.
    public var line: String {
        func f(_ label: String, _ v: Double?) -> String? { v.map { String(format: "%@ %+.0f", label, $0) } }
        var parts = [localSpeechEndMs != nil ? "speech end (local VAD) 0" : "last audio sent 0"]
        parts += [f("speech_stopped", serverSpeechStoppedMs), f("committed", committedMs), f("response.created", responseCreatedMs),
                  f("first text", firstTextMs), f("first audio", firstAudioMs), f("last audio", lastAudioMs)].compactMap { $0 }
        var text = "turn \(turn) (\(input)): " + parts.joined(separator: " · ") + " ms"
        if let v = serverVADToFirstAudioMs { text += String(format: "; server VAD decision → first audio %.0f ms", v) }
        let server = [f("STT final", serverSTTFinalMs), f("reply first token", serverReplyFirstTokenMs), f("TTS first chunk", serverTTSFirstChunkMs)].compactMap { $0 }
        if !server.isEmpty {
            text += "; server after its VAD decision: " + server.joined(separator: ", ") + " ms"
            if let silence = vadSilenceMs { text += " (silence window \(silence) ms not included)" }
        }
        if let cut = bargeInAtMs { text += " [barge-in: reply cut after \(cut) ms]" }
        if status != .completed { text += " [\(status)]" }
        return text
    }
}
