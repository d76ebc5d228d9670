import FoundryCore

/// What the client knows about one turn while it runs.
struct ClientTurn: Sendable {
    var input: String
    var stamps = TurnStamps()
    var itemID: String?
    var responseID: String?
    var speechStarted = false
    var userTranscript: String?
    var assistantTranscript = ""
    var inputAudioMs = 0.0
    var outputAudioMs = 0.0
    var usage: RealtimeUsage?
    /// completed, cancelled, failed, no_speech, …
    var status: String?
    var error: String?
    /// Milliseconds of the reply played when the user barged in.
    var bargeInAtMs: Int?
    var done: Bool { status != nil }

    /// The user spoke again after the server had closed an earlier segment of this input (a pause
    /// longer than the server's silence window): the turn now follows the reply to the new
    /// segment, and its waterfall is measured from the new segment's end.
    mutating func beginNextSegment() {
        let kept = stamps
        stamps = TurnStamps()
        stamps.userAudioStart = kept.userAudioStart
        stamps.localSpeechEnd = kept.localSpeechEnd
        stamps.lastAudioSent = kept.lastAudioSent
        itemID = nil
        responseID = nil
        status = nil
        error = nil
    }
}
