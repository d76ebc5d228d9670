/// A turn boundary found by `VoiceActivityDetector`. Times are milliseconds of audio since the
/// detector started (or was reset), not wall time.
public struct VADEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case speechStarted = "speech_started"
        case speechStopped = "speech_stopped"
    }

    public let kind: Kind
    /// Where speech starts or ends in the audio.
    public let milliseconds: Double
    /// How far into the audio the detector was when it decided: after `milliseconds` by the time
    /// it takes to confirm speech (start) or by the silence duration (end).
    public let decidedAtMilliseconds: Double
    /// The value the Realtime protocol reports: `audio_start_ms` of `speech_started` is the start
    /// minus the prefix padding (not below 0); `audio_end_ms` of `speech_stopped` includes the
    /// silence duration, so it is `decidedAtMilliseconds`.
    public let protocolMilliseconds: Double

    public init(kind: Kind, milliseconds: Double, decidedAtMilliseconds: Double, protocolMilliseconds: Double) {
        self.kind = kind
        self.milliseconds = milliseconds
        self.decidedAtMilliseconds = decidedAtMilliseconds
        self.protocolMilliseconds = protocolMilliseconds
    }
}
