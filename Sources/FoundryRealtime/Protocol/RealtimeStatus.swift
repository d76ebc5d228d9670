/// The status of a Realtime response or conversation item, and of a voice turn: the protocol's
/// strings as they are sent and received (the raw value), so a peer's status foundry does not
/// know is kept as it came instead of failing the event (`RealtimeStatus(rawValue:)` accepts
/// any string). Compared, switched on and encoded (as its raw string) like an enum.
public struct RealtimeStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    // The protocol's statuses (response.status, item.status).

    /// "in_progress": the response (or item) is being produced.
    public static let inProgress = RealtimeStatus(rawValue: "in_progress")
    /// "completed": the response ended normally.
    public static let completed = RealtimeStatus(rawValue: "completed")
    /// "cancelled": the response was cancelled (response.cancel, or the user spoke over it).
    public static let cancelled = RealtimeStatus(rawValue: "cancelled")
    /// "failed": the response failed (its status_details carry the error).
    public static let failed = RealtimeStatus(rawValue: "failed")
    /// "incomplete": the response (or item) stopped early (e.g. max_output_tokens).
    public static let incomplete = RealtimeStatus(rawValue: "incomplete")

    // foundry's own, for a turn that got no response status (never sent on the wire).

    /// "no_speech": the server heard no speech in the turn's audio.
    public static let noSpeech = RealtimeStatus(rawValue: "no_speech")
    /// "timeout": no reply within the reply timeout.
    public static let timeout = RealtimeStatus(rawValue: "timeout")
}
