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
}
