import Foundation
import FoundryCore

/// Where a piece of a response belongs: response, item, output index and content index.
public struct ContentRef: Sendable, Equatable {
    public var responseID: String
    public var itemID: String
    public var outputIndex: Int
    public var contentIndex: Int

    public init(responseID: String, itemID: String, outputIndex: Int = 0, contentIndex: Int = 0) {
        self.responseID = responseID
        self.itemID = itemID
        self.outputIndex = outputIndex
        self.contentIndex = contentIndex
    }
}

/// An event the server sends, under its GA name. Parsing accepts the GA and the beta/preview
/// names; encoding writes either.
public enum RealtimeServerEvent: Sendable, Equatable {
    case sessionCreated(RealtimeSessionConfig)
    case sessionUpdated(RealtimeSessionConfig)
    case speechStarted(audioStartMs: Int, itemID: String)
    case speechStopped(audioEndMs: Int, itemID: String)
    case inputCommitted(itemID: String, previousItemID: String?)
    case inputCleared
    /// `conversation.item.added` (GA) or `conversation.item.created` (both).
    case itemAdded(RealtimeItem, previousItemID: String?)
    case itemDone(RealtimeItem)
    case itemTruncated(itemID: String, contentIndex: Int, audioEndMs: Int)
    case itemDeleted(itemID: String)
    case inputTranscriptionDelta(itemID: String, delta: String)
    case inputTranscriptionCompleted(itemID: String, transcript: String)
    case inputTranscriptionFailed(itemID: String, error: RealtimeErrorInfo)
    case responseCreated(RealtimeResponseInfo)
    case responseDone(RealtimeResponseInfo)
    case outputItemAdded(responseID: String, outputIndex: Int, item: RealtimeItem)
    case outputItemDone(responseID: String, outputIndex: Int, item: RealtimeItem)
    case contentPartAdded(ContentRef, partType: String)
    case contentPartDone(ContentRef, partType: String, transcript: String?)
    /// PCM16 little-endian bytes, 24 kHz mono.
    case audioDelta(ContentRef, audio: Data)
    case audioDone(ContentRef)
    case audioTranscriptDelta(ContentRef, delta: String)
    case audioTranscriptDone(ContentRef, transcript: String)
    case textDelta(ContentRef, delta: String)
    case textDone(ContentRef, text: String)
    case rateLimitsUpdated
    case error(RealtimeErrorInfo)
    case foundryTimings(ServerTimings)
    /// Any other event, kept by name (function calls, MCP, output_audio_buffer.*, …).
    case other(type: String)

    /// The GA wire name.
    public var type: String {
        switch self {
        case .sessionCreated: "session.created"
        case .sessionUpdated: "session.updated"
        case .speechStarted: "input_audio_buffer.speech_started"
        case .speechStopped: "input_audio_buffer.speech_stopped"
        case .inputCommitted: "input_audio_buffer.committed"
        case .inputCleared: "input_audio_buffer.cleared"
        case .itemAdded: "conversation.item.added"
        case .itemDone: "conversation.item.done"
        case .itemTruncated: "conversation.item.truncated"
        case .itemDeleted: "conversation.item.deleted"
        case .inputTranscriptionDelta: "conversation.item.input_audio_transcription.delta"
        case .inputTranscriptionCompleted: "conversation.item.input_audio_transcription.completed"
        case .inputTranscriptionFailed: "conversation.item.input_audio_transcription.failed"
        case .responseCreated: "response.created"
        case .responseDone: "response.done"
        case .outputItemAdded: "response.output_item.added"
        case .outputItemDone: "response.output_item.done"
        case .contentPartAdded: "response.content_part.added"
        case .contentPartDone: "response.content_part.done"
        case .audioDelta: "response.output_audio.delta"
        case .audioDone: "response.output_audio.done"
        case .audioTranscriptDelta: "response.output_audio_transcript.delta"
        case .audioTranscriptDone: "response.output_audio_transcript.done"
        case .textDelta: "response.output_text.delta"
        case .textDone: "response.output_text.done"
        case .rateLimitsUpdated: "rate_limits.updated"
        case .error: "error"
        case .foundryTimings: ServerTimings.type
        case .other(let type): type
        }
    }
}

/// One received server event with its wire details.
public struct RealtimeServerMessage: Sendable, Equatable {
    public var eventID: String?
    /// The name as it arrived.
    public var wireType: String
    public var event: RealtimeServerEvent
    /// The dialect the name revealed, when it was one of the renamed events.
    public var dialect: RealtimeDialect? { EventName.dialect(of: wireType) }
}
