import FoundryCore

/// foundry's `foundry.response.timings` event: where the local server spent one turn, in
/// milliseconds after its VAD decided the user had stopped speaking (or after the commit).
public struct ServerTimings: Sendable, Equatable {
    public var responseID: String
    /// The VAD's silence window that had to pass before it decided (not part of the figures).
    public var vadSilenceMs: Int?
    public var sttFinalMs: Double?
    public var replyFirstTokenMs: Double?
    public var ttsFirstChunkMs: Double?
    public var firstAudioSentMs: Double?
    /// "echo" or the model that answered.
    public var reply: String?

    public init(responseID: String, vadSilenceMs: Int? = nil, sttFinalMs: Double? = nil, replyFirstTokenMs: Double? = nil,
                ttsFirstChunkMs: Double? = nil, firstAudioSentMs: Double? = nil, reply: String? = nil) {
        self.responseID = responseID
        self.vadSilenceMs = vadSilenceMs
        self.sttFinalMs = sttFinalMs
        self.replyFirstTokenMs = replyFirstTokenMs
        self.ttsFirstChunkMs = ttsFirstChunkMs
        self.firstAudioSentMs = firstAudioSentMs
        self.reply = reply
    }

    package static let type = "foundry.response.timings"

    package var fields: [String: JSONValue] {
        let ms = { (v: Double?) in v.map { JSONValue.number(($0 * 10).rounded() / 10) } }
        return JSONValue.members([
            "response_id": .string(responseID), "vad_silence_ms": vadSilenceMs.map(JSONValue.int), "stt_final_ms": ms(sttFinalMs),
            "reply_first_token_ms": ms(replyFirstTokenMs), "tts_first_chunk_ms": ms(ttsFirstChunkMs),
            "first_audio_sent_ms": ms(firstAudioSentMs), "reply": reply.map(JSONValue.string),
        ]).objectValue ?? [:]
    }

    package static func parse(_ f: JSONFields) throws -> ServerTimings {
        ServerTimings(responseID: try f.string("response_id"), vadSilenceMs: f.optionalInt("vad_silence_ms"), sttFinalMs: f.optionalDouble("stt_final_ms"),
                      replyFirstTokenMs: f.optionalDouble("reply_first_token_ms"), ttsFirstChunkMs: f.optionalDouble("tts_first_chunk_ms"),
                      firstAudioSentMs: f.optionalDouble("first_audio_sent_ms"), reply: f.optionalString("reply"))
    }
}
