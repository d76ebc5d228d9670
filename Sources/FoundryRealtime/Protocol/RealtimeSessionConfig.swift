import FoundryCore

/// A realtime session's configuration, as `session.update` sends it and `session.created` /
/// `session.updated` report it. Every field is optional: an update changes only what it names.
/// Reads and writes both the GA shape (`audio.input.turn_detection`, `output_modalities`) and the
/// beta/preview shape (flat `turn_detection`, `modalities`, `input_audio_format`).
public struct RealtimeSessionConfig: Sendable, Equatable {
    public var id: String?
    public var model: String?
    public var instructions: String?
    public var voice: String?
    /// "audio" and/or "text". The beta `modalities` always lists "text" too.
    public var outputModalities: [String]?
    /// "pcm16", "g711_ulaw" or "g711_alaw" (the GA `audio/pcm` is "pcm16").
    public var inputFormat: String?
    public var outputFormat: String?
    /// The model transcribing the user's audio; nil leaves it unchanged, "" turns it off.
    public var transcriptionModel: String?
    public var transcriptionLanguage: String?
    public var turnDetection: TurnDetection?
    /// foundry's extension, announced by both sides (ignored by other servers and clients).
    public var foundry: FoundryExtension?

    public init(id: String? = nil, model: String? = nil, instructions: String? = nil, voice: String? = nil,
                outputModalities: [String]? = nil, inputFormat: String? = nil, outputFormat: String? = nil,
                transcriptionModel: String? = nil, transcriptionLanguage: String? = nil, turnDetection: TurnDetection? = nil,
                foundry: FoundryExtension? = nil) {
        self.id = id
        self.model = model
        self.instructions = instructions
        self.voice = voice
        self.outputModalities = outputModalities
        self.inputFormat = inputFormat
        self.outputFormat = outputFormat
        self.transcriptionModel = transcriptionModel
        self.transcriptionLanguage = transcriptionLanguage
        self.turnDetection = turnDetection
        self.foundry = foundry
    }

    /// This configuration with every field `update` names replaced.
    public func merged(with update: RealtimeSessionConfig) -> RealtimeSessionConfig {
        var c = self
        c.model = update.model ?? model
        c.instructions = update.instructions ?? instructions
        c.voice = update.voice ?? voice
        c.outputModalities = update.outputModalities ?? outputModalities
        c.inputFormat = update.inputFormat ?? inputFormat
        c.outputFormat = update.outputFormat ?? outputFormat
        c.transcriptionModel = update.transcriptionModel ?? transcriptionModel
        c.transcriptionLanguage = update.transcriptionLanguage ?? transcriptionLanguage
        c.turnDetection = update.turnDetection ?? turnDetection
        if let f = update.foundry { c.foundry = (foundry ?? FoundryExtension()).merged(with: f) }
        return c
    }

    /// Whether the reply should carry audio (the default when modalities are not given).
    public var wantsAudio: Bool { outputModalities.map { $0.contains("audio") } ?? true }
}

extension RealtimeSessionConfig {
    /// The `session` object in `dialect`'s shape.
    public func jsonValue(_ dialect: RealtimeDialect) -> JSONValue {
        let transcription: JSONValue? = transcriptionModel.map { model in
            model.isEmpty ? .null : .members(["model": .string(model), "language": transcriptionLanguage.map(JSONValue.string)])
        }
        switch dialect {
        case .ga:
            let input = JSONValue.members([
                "format": inputFormat.map { Self.gaFormat($0) }, "transcription": transcription, "turn_detection": turnDetection?.jsonValue,
            ])
            let output = JSONValue.members(["format": outputFormat.map { Self.gaFormat($0) }, "voice": voice.map(JSONValue.string)])
            var audio: [String: JSONValue] = [:]
            if input != .object([:]) { audio["input"] = input }
            if output != .object([:]) { audio["output"] = output }
            return .members([
                "type": .string("realtime"), "id": id.map(JSONValue.string), "object": id == nil ? nil : .string("realtime.session"),
                "model": model.map(JSONValue.string), "instructions": instructions.map(JSONValue.string),
                "output_modalities": outputModalities.map { .array($0.map(JSONValue.string)) },
                "audio": audio.isEmpty ? nil : .object(audio), "foundry": foundry?.jsonValue,
            ])
        case .beta:
            let modalities = outputModalities.map { m -> JSONValue in
                // The beta API has no audio-only mode: audio replies always come with text.
                let list = m.contains("audio") ? ["text", "audio"] : m
                return .array(list.map(JSONValue.string))
            }
            return .members([
                "id": id.map(JSONValue.string), "object": id == nil ? nil : .string("realtime.session"),
                "model": model.map(JSONValue.string), "instructions": instructions.map(JSONValue.string),
                "voice": voice.map(JSONValue.string), "modalities": modalities,
                "input_audio_format": inputFormat.map(JSONValue.string), "output_audio_format": outputFormat.map(JSONValue.string),
                "input_audio_transcription": transcription, "turn_detection": turnDetection?.jsonValue, "foundry": foundry?.jsonValue,
            ])
        }
    }

    /// Reads a `session` object of either shape.
    public static func parse(_ value: JSONValue, event: String) throws -> RealtimeSessionConfig {
        guard let o = value.objectValue else { throw RealtimeProtocolError.missing(event, "session") }
        let f = JSONFields(o, event: event)
        var c = RealtimeSessionConfig(id: f.optionalString("id"), model: f.optionalString("model"), instructions: f.optionalString("instructions"))
        if let m = (f["output_modalities"] ?? f["modalities"])?.arrayValue { c.outputModalities = m.compactMap(\.stringValue) }
        // Beta, flat.
        c.voice = f.optionalString("voice")
        c.inputFormat = f.optionalString("input_audio_format")
        c.outputFormat = f.optionalString("output_audio_format")
        if let t = o["input_audio_transcription"] { Self.readTranscription(t, into: &c) }
        if let t = o["turn_detection"] { c.turnDetection = try TurnDetection.parse(t, event: event) }
        // GA, nested under audio.
        if let audio = f["audio"]?.objectValue {
            if let input = audio["input"]?.objectValue {
                if let format = input["format"] { c.inputFormat = Self.readFormat(format) }
                if let t = input["transcription"] { Self.readTranscription(t, into: &c) }
                if let t = input["turn_detection"] { c.turnDetection = try TurnDetection.parse(t, event: event) }
            }
            if let output = audio["output"]?.objectValue {
                if let format = output["format"] { c.outputFormat = Self.readFormat(format) }
                c.voice = output["voice"]?.stringValue ?? output["voice"]?["id"]?.stringValue ?? c.voice
            }
        }
        if let ext = f["foundry"] { c.foundry = FoundryExtension.parse(ext) }
        return c
    }

    private static func readTranscription(_ value: JSONValue, into c: inout RealtimeSessionConfig) {
        if value == .null { c.transcriptionModel = ""; return }
        c.transcriptionModel = value["model"]?.stringValue ?? "default"
        c.transcriptionLanguage = value["language"]?.stringValue
    }

    /// GA `{"type": "audio/pcm", "rate": 24000}` or a beta string, as the beta name.
    private static func readFormat(_ value: JSONValue) -> String? {
        if let s = value.stringValue { return s }
        switch value["type"]?.stringValue {
        case "audio/pcm": return "pcm16"
        case "audio/pcmu": return "g711_ulaw"
        case "audio/pcma": return "g711_alaw"
        case let other: return other
        }
    }

    private static func gaFormat(_ name: String) -> JSONValue {
        switch name {
        case "pcm16": .object(["type": .string("audio/pcm"), "rate": .int(24_000)])
        case "g711_ulaw": .object(["type": .string("audio/pcmu")])
        case "g711_alaw": .object(["type": .string("audio/pcma")])
        default: .object(["type": .string(name)])
        }
    }
}
