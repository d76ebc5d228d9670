import FoundryCore

/// foundry's extension of the session object (`session.foundry`). A foundry client asks for it in
/// `session.update`; `foundry voice serve` answers with what it grants in `session.created` and
/// `session.updated`. Other servers ignore the field, so a foundry client sees no grant from them.
public struct FoundryExtension: Sendable, Equatable {
    /// Per-turn server timings as `foundry.response.timings` events.
    public var timings: Bool?
    /// Audio codec on the wire: "pcm16" (the protocol's own) or "opus" (binary frames).
    public var codec: String?
    /// How the server produces replies: "echo" (speaks back the transcript) or "route:<model>".
    public var reply: String?
    /// Speech-to-text and text-to-speech engines the server runs.
    public var stt: String?
    public var tts: String?
    /// A sentence for people: what this server is.
    public var note: String?

    public init(timings: Bool? = nil, codec: String? = nil, reply: String? = nil, stt: String? = nil, tts: String? = nil, note: String? = nil) {
        self.timings = timings
        self.codec = codec
        self.reply = reply
        self.stt = stt
        self.tts = tts
        self.note = note
    }

    package func merged(with update: FoundryExtension) -> FoundryExtension {
        FoundryExtension(timings: update.timings ?? timings, codec: update.codec ?? codec, reply: update.reply ?? reply,
                         stt: update.stt ?? stt, tts: update.tts ?? tts, note: update.note ?? note)
    }

    package var jsonValue: JSONValue {
        .members(["timings": timings.map(JSONValue.bool), "codec": codec.map(JSONValue.string), "reply": reply.map(JSONValue.string),
                  "stt": stt.map(JSONValue.string), "tts": tts.map(JSONValue.string), "note": note.map(JSONValue.string)])
    }

    package static func parse(_ value: JSONValue) -> FoundryExtension? {
        guard value.objectValue != nil else { return nil }
        return FoundryExtension(timings: value["timings"]?.boolValue, codec: value["codec"]?.stringValue, reply: value["reply"]?.stringValue,
                                stt: value["stt"]?.stringValue, tts: value["tts"]?.stringValue, note: value["note"]?.stringValue)
    }
}
