import FoundryCore

/// One conversation item: a user or assistant message (or another item type passed through).
public struct RealtimeItem: Sendable, Equatable {
    public struct Content: Sendable, Equatable {
        /// GA: input_audio, input_text, output_audio, output_text; beta: input_audio, input_text, audio, text.
        public var type: String
        public var text: String?
        public var transcript: String?

        public init(type: String, text: String? = nil, transcript: String? = nil) {
            self.type = type
            self.text = text
            self.transcript = transcript
        }
    }

    public var id: String?
    public var type: String
    public var role: String?
    /// in_progress, completed or incomplete (or what the peer sent).
    public var status: RealtimeStatus?
    public var content: [Content]

    public init(id: String?, type: String = "message", role: String?, status: RealtimeStatus? = nil, content: [Content] = []) {
        self.id = id
        self.type = type
        self.role = role
        self.status = status
        self.content = content
    }

    /// The text of the item: typed text, or the transcripts of its audio.
    public var text: String {
        content.compactMap { $0.text ?? $0.transcript }.joined(separator: " ")
    }

    package func jsonValue(_ dialect: RealtimeDialect) -> JSONValue {
        .members([
            "id": id.map(JSONValue.string), "object": .string("realtime.item"), "type": .string(type), "role": role.map(JSONValue.string),
            "status": status.map { .string($0.rawValue) },
            "content": .array(content.map { c in
                .members(["type": .string(Self.contentType(c.type, dialect)), "text": c.text.map(JSONValue.string),
                          "transcript": c.transcript.map(JSONValue.string)])
            }),
        ])
    }

    package static func parse(_ value: JSONValue, event: String) throws -> RealtimeItem {
        guard let o = value.objectValue else { throw RealtimeProtocolError.missing(event, "item") }
        let f = JSONFields(o, event: event)
        let content = (f["content"]?.arrayValue ?? []).map { c in
            Content(type: Self.contentType(c["type"]?.stringValue ?? "", .ga), text: c["text"]?.stringValue, transcript: c["transcript"]?.stringValue)
        }
        return RealtimeItem(id: f.optionalString("id"), type: f.optionalString("type") ?? "message", role: f.optionalString("role"),
                            status: f.optionalString("status").map(RealtimeStatus.init(rawValue:)), content: content)
    }

    /// Content types are named `output_audio`/`output_text` in GA and `audio`/`text` in beta.
    package static func contentType(_ type: String, _ dialect: RealtimeDialect) -> String {
        switch (type, dialect) {
        case ("audio", .ga): "output_audio"
        case ("text", .ga): "output_text"
        case ("output_audio", .beta): "audio"
        case ("output_text", .beta): "text"
        default: type
        }
    }
}
