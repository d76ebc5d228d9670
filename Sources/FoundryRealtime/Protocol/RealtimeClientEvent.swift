import Foundation
import FoundryCore

/// An event the client sends. Encodes to either dialect; the server parses both.
public enum RealtimeClientEvent: Sendable, Equatable {
    case sessionUpdate(RealtimeSessionConfig)
    /// PCM16 little-endian bytes, 24 kHz mono.
    case appendAudio(Data)
    case commit
    case clear
    case createItem(RealtimeItem)
    case truncateItem(itemID: String, contentIndex: Int, audioEndMs: Int)
    case deleteItem(itemID: String)
    /// Ask for a response; `instructions` overrides the session's for this response only.
    case createResponse(instructions: String?)
    case cancelResponse(responseID: String?)
    /// WebRTC/SIP only; kept so it can be named in errors.
    case clearOutputAudio
    case other(type: String)

    public var type: String {
        switch self {
        case .sessionUpdate: "session.update"
        case .appendAudio: "input_audio_buffer.append"
        case .commit: "input_audio_buffer.commit"
        case .clear: "input_audio_buffer.clear"
        case .createItem: "conversation.item.create"
        case .truncateItem: "conversation.item.truncate"
        case .deleteItem: "conversation.item.delete"
        case .createResponse: "response.create"
        case .cancelResponse: "response.cancel"
        case .clearOutputAudio: "output_audio_buffer.clear"
        case .other(let type): type
        }
    }

    public func jsonValue(eventID: String? = nil, dialect: RealtimeDialect = .ga) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string(type)]
        if let eventID { o["event_id"] = .string(eventID) }
        switch self {
        case .sessionUpdate(let s): o["session"] = s.jsonValue(dialect)
        case .appendAudio(let audio): o["audio"] = .string(audio.base64EncodedString())
        case .commit, .clear, .clearOutputAudio, .other: break
        case .createItem(let item): o["item"] = item.jsonValue(dialect)
        case .truncateItem(let item, let index, let ms):
            o["item_id"] = .string(item)
            o["content_index"] = .int(index)
            o["audio_end_ms"] = .int(ms)
        case .deleteItem(let item): o["item_id"] = .string(item)
        case .createResponse(let instructions):
            if let instructions { o["response"] = .object(["instructions": .string(instructions)]) }
        case .cancelResponse(let id):
            if let id { o["response_id"] = .string(id) }
        }
        return .object(o)
    }

    public func text(eventID: String? = nil, dialect: RealtimeDialect = .ga) -> String {
        jsonValue(eventID: eventID, dialect: dialect).jsonString
    }

    /// Parses one text message from a client (either dialect).
    public static func parse(_ data: Data) throws -> (eventID: String?, event: RealtimeClientEvent) {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw RealtimeProtocolError.notJSON(JSONCoding.describe(error))
        }
        guard let object = value.objectValue, let type = object["type"]?.stringValue else {
            throw RealtimeProtocolError.notJSON("no \"type\" field")
        }
        let f = JSONFields(object, event: type)
        let event: RealtimeClientEvent
        switch type {
        case "session.update": event = .sessionUpdate(try RealtimeSessionConfig.parse(f["session"] ?? .null, event: type))
        case "input_audio_buffer.append": event = .appendAudio(try f.audio("audio"))
        case "input_audio_buffer.commit": event = .commit
        case "input_audio_buffer.clear": event = .clear
        case "conversation.item.create": event = .createItem(try RealtimeItem.parse(f["item"] ?? .null, event: type))
        case "conversation.item.truncate":
            event = .truncateItem(itemID: try f.string("item_id"), contentIndex: f.optionalInt("content_index") ?? 0, audioEndMs: try f.int("audio_end_ms"))
        case "conversation.item.delete": event = .deleteItem(itemID: try f.string("item_id"))
        case "response.create": event = .createResponse(instructions: f["response"]?["instructions"]?.stringValue)
        case "response.cancel": event = .cancelResponse(responseID: f.optionalString("response_id"))
        case "output_audio_buffer.clear": event = .clearOutputAudio
        default: event = .other(type: type)
        }
        return (f.optionalString("event_id"), event)
    }
}
