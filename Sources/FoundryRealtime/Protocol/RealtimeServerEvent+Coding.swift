import Foundation
import FoundryCore

extension RealtimeServerEvent {
    /// Parses one text message from the server.
    public static func parse(_ text: String) throws -> RealtimeServerMessage {
        try parse(Data(text.utf8))
    }

    public static func parse(_ data: Data) throws -> RealtimeServerMessage {
        try parse(json: try json(data))
    }

    /// A message's JSON, before it is read as an event.
    package static func json(_ data: Data) throws -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw RealtimeProtocolError.notJSON(JSONCoding.describe(error))
        }
    }

    /// The event in a message's JSON.
    package static func parse(json value: JSONValue) throws -> RealtimeServerMessage {
        guard let object = value.objectValue, let wire = object["type"]?.stringValue else {
            throw RealtimeProtocolError.notJSON("no \"type\" field")
        }
        let f = JSONFields(object, event: wire)
        return RealtimeServerMessage(eventID: f.optionalString("event_id"), wireType: wire, event: try event(EventName.canonical(wire), f))
    }

    private static func ref(_ f: JSONFields) throws -> ContentRef {
        ContentRef(responseID: try f.string("response_id"), itemID: try f.string("item_id"),
                   outputIndex: f.optionalInt("output_index") ?? 0, contentIndex: f.optionalInt("content_index") ?? 0)
    }

    private static func event(_ type: String, _ f: JSONFields) throws -> RealtimeServerEvent {
        switch type {
        case "session.created", "transcription_session.created":
            return .sessionCreated(try RealtimeSessionConfig.parse(f["session"] ?? .null, event: f.event))
        case "session.updated", "transcription_session.updated":
            return .sessionUpdated(try RealtimeSessionConfig.parse(f["session"] ?? .null, event: f.event))
        case "input_audio_buffer.speech_started":
            return .speechStarted(audioStartMs: try f.int("audio_start_ms"), itemID: f.optionalString("item_id") ?? "")
        case "input_audio_buffer.speech_stopped":
            return .speechStopped(audioEndMs: try f.int("audio_end_ms"), itemID: f.optionalString("item_id") ?? "")
        case "input_audio_buffer.committed":
            return .inputCommitted(itemID: try f.string("item_id"), previousItemID: f.optionalString("previous_item_id"))
        case "input_audio_buffer.cleared":
            return .inputCleared
        case "conversation.item.added", "conversation.item.created":
            return .itemAdded(try RealtimeItem.parse(f["item"] ?? .null, event: f.event), previousItemID: f.optionalString("previous_item_id"))
        case "conversation.item.done":
            return .itemDone(try RealtimeItem.parse(f["item"] ?? .null, event: f.event))
        case "conversation.item.truncated":
            return .itemTruncated(itemID: try f.string("item_id"), contentIndex: f.optionalInt("content_index") ?? 0, audioEndMs: try f.int("audio_end_ms"))
        case "conversation.item.deleted":
            return .itemDeleted(itemID: try f.string("item_id"))
        case "conversation.item.input_audio_transcription.delta":
            return .inputTranscriptionDelta(itemID: try f.string("item_id"), delta: f.optionalString("delta") ?? "")
        case "conversation.item.input_audio_transcription.completed":
            return .inputTranscriptionCompleted(itemID: try f.string("item_id"), transcript: try f.string("transcript"))
        case "conversation.item.input_audio_transcription.failed":
            return .inputTranscriptionFailed(itemID: try f.string("item_id"), error: RealtimeErrorInfo.parse(f["error"]))
        case "response.created":
            return .responseCreated(try RealtimeResponseInfo.parse(f["response"] ?? .null, event: f.event))
        case "response.done":
            return .responseDone(try RealtimeResponseInfo.parse(f["response"] ?? .null, event: f.event))
        case "response.output_item.added", "response.output_item.done":
            let item = try RealtimeItem.parse(f["item"] ?? .null, event: f.event)
            let responseID = try f.string("response_id"), index = f.optionalInt("output_index") ?? 0
            return type.hasSuffix("added") ? .outputItemAdded(responseID: responseID, outputIndex: index, item: item)
                : .outputItemDone(responseID: responseID, outputIndex: index, item: item)
        case "response.content_part.added":
            return .contentPartAdded(try ref(f), partType: RealtimeItem.contentType(f["part"]?["type"]?.stringValue ?? "", .ga))
        case "response.content_part.done":
            return .contentPartDone(try ref(f), partType: RealtimeItem.contentType(f["part"]?["type"]?.stringValue ?? "", .ga),
                                    transcript: f["part"]?["transcript"]?.stringValue)
        case "response.output_audio.delta":
            return .audioDelta(try ref(f), audio: try f.audio("delta"))
        case "response.output_audio.done":
            return .audioDone(try ref(f))
        case "response.output_audio_transcript.delta":
            return .audioTranscriptDelta(try ref(f), delta: try f.string("delta"))
        case "response.output_audio_transcript.done":
            return .audioTranscriptDone(try ref(f), transcript: f.optionalString("transcript") ?? "")
        case "response.output_text.delta":
            return .textDelta(try ref(f), delta: try f.string("delta"))
        case "response.output_text.done":
            return .textDone(try ref(f), text: f.optionalString("text") ?? "")
        case "rate_limits.updated":
            return .rateLimitsUpdated
        case "error":
            return .error(RealtimeErrorInfo.parse(f["error"]))
        case ServerTimings.type:
            return .foundryTimings(try ServerTimings.parse(f))
        default:
            return .other(type: type)
        }
    }
}

extension RealtimeServerEvent {
    /// The event as a JSON object in `dialect`, with `eventID`.
    public func jsonValue(eventID: String, dialect: RealtimeDialect = .ga) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string(EventName.wire(type, dialect)), "event_id": .string(eventID)]
        func put(_ ref: ContentRef) {
            o["response_id"] = .string(ref.responseID)
            o["item_id"] = .string(ref.itemID)
            o["output_index"] = .int(ref.outputIndex)
            o["content_index"] = .int(ref.contentIndex)
        }
        switch self {
        case .sessionCreated(let s), .sessionUpdated(let s):
            o["session"] = s.jsonValue(dialect)
        case .speechStarted(let ms, let item):
            o["audio_start_ms"] = .int(ms)
            o["item_id"] = .string(item)
        case .speechStopped(let ms, let item):
            o["audio_end_ms"] = .int(ms)
            o["item_id"] = .string(item)
        case .inputCommitted(let item, let previous):
            o["item_id"] = .string(item)
            o["previous_item_id"] = previous.map(JSONValue.string) ?? .null
        case .inputCleared, .rateLimitsUpdated, .other:
            break
        case .itemAdded(let item, let previous):
            if dialect == .beta { o["type"] = .string("conversation.item.created") }
            o["item"] = item.jsonValue(dialect)
            o["previous_item_id"] = previous.map(JSONValue.string) ?? .null
        case .itemDone(let item):
            o["item"] = item.jsonValue(dialect)
        case .itemTruncated(let item, let index, let ms):
            o["item_id"] = .string(item)
            o["content_index"] = .int(index)
            o["audio_end_ms"] = .int(ms)
        case .itemDeleted(let item):
            o["item_id"] = .string(item)
        case .inputTranscriptionDelta(let item, let delta):
            o["item_id"] = .string(item)
            o["content_index"] = .int(0)
            o["delta"] = .string(delta)
        case .inputTranscriptionCompleted(let item, let transcript):
            o["item_id"] = .string(item)
            o["content_index"] = .int(0)
            o["transcript"] = .string(transcript)
            o["usage"] = .object(["type": .string("duration"), "seconds": .number(0)])
        case .inputTranscriptionFailed(let item, let error):
            o["item_id"] = .string(item)
            o["content_index"] = .int(0)
            o["error"] = error.jsonValue
        case .responseCreated(let r), .responseDone(let r):
            o["response"] = r.jsonValue(dialect)
        case .outputItemAdded(let response, let index, let item), .outputItemDone(let response, let index, let item):
            o["response_id"] = .string(response)
            o["output_index"] = .int(index)
            o["item"] = item.jsonValue(dialect)
        case .contentPartAdded(let ref, let part):
            put(ref)
            o["part"] = .object(["type": .string(RealtimeItem.contentType(part, dialect))])
        case .contentPartDone(let ref, let part, let transcript):
            put(ref)
            o["part"] = .members(["type": .string(RealtimeItem.contentType(part, dialect)), "transcript": transcript.map(JSONValue.string)])
        case .audioDelta(let ref, let audio):
            put(ref)
            o["delta"] = .string(audio.base64EncodedString())
        case .audioDone(let ref):
            put(ref)
        case .audioTranscriptDelta(let ref, let delta), .textDelta(let ref, let delta):
            put(ref)
            o["delta"] = .string(delta)
        case .audioTranscriptDone(let ref, let transcript):
            put(ref)
            o["transcript"] = .string(transcript)
        case .textDone(let ref, let text):
            put(ref)
            o["text"] = .string(text)
        case .error(let e):
            o["error"] = e.jsonValue
        case .foundryTimings(let t):
            o.merge(t.fields) { a, _ in a }
        }
        return .object(o)
    }

    /// The event as one text message.
    public func text(eventID: String, dialect: RealtimeDialect = .ga) -> String {
        jsonValue(eventID: eventID, dialect: dialect).jsonString
    }
}
