import FoundryCore

/// What the client knows about one turn while it runs.
package struct ClientTurn: Sendable {
    package var input: String
    package var stamps = TurnStamps()
    package var itemID: String?
    package var responseID: String?
    package var speechStarted = false
    package var userTranscript: String?
    package var assistantTranscript = ""
    package var inputAudioMs = 0.0
    package var outputAudioMs = 0.0
    package var usage: RealtimeUsage?
    /// The response's status (completed, cancelled, failed, …), or no_speech or timeout; nil
    /// while the turn runs.
    package var status: RealtimeStatus?
    package var error: String?
    /// Milliseconds of the reply played when the user barged in.
    package var bargeInAtMs: Int?
    package var done: Bool { status != nil }

    /// The user spoke again after the server had closed an earlier segment of this input (a pause
    /// longer than the server's silence window): the turn now follows the reply to the new
    /// segment, and its waterfall is measured from the new segment's end.
    package mutating func beginNextSegment() {
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
