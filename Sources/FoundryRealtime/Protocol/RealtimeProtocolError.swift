/// A message that does not follow the realtime protocol: not JSON, no `type`, a required field
/// missing or of the wrong kind, or audio that is not base64.
public struct RealtimeProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case notJSON(String)
        case missing(event: String, field: String)
        case badAudio(event: String)
    }

    private let kind: Kind

    package static func notJSON(_ detail: String) -> RealtimeProtocolError { RealtimeProtocolError(kind: .notJSON(detail)) }
    package static func missing(_ event: String, _ field: String) -> RealtimeProtocolError { RealtimeProtocolError(kind: .missing(event: event, field: field)) }
    package static func badAudio(_ event: String) -> RealtimeProtocolError { RealtimeProtocolError(kind: .badAudio(event: event)) }

    public var description: String {
        switch kind {
        case .notJSON(let detail): "the message is not a JSON event object: \(detail)"
        case .missing(let event, let field): "\(event): '\(field)' is missing or has the wrong type"
        case .badAudio(let event): "\(event): the audio is not valid base64"
        }
    }

    /// The `param` an `error` event names for this problem.
    package var param: String? {
        if case .missing(_, let field) = kind { return field }
        if case .badAudio = kind { return "audio" }
        return nil
    }
}
