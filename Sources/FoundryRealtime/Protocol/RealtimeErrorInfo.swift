import FoundryCore

/// The `error` object of an `error` event (and of a failed response).
public struct RealtimeErrorInfo: Sendable, Equatable, CustomStringConvertible {
    /// invalid_request_error, server_error, …
    public var type: String
    /// A machine-readable code: session_expired, input_audio_buffer_commit_empty, …
    public var code: String?
    public var message: String
    public var param: String?
    /// The client event that caused it.
    public var eventID: String?

    public init(type: String, code: String? = nil, message: String, param: String? = nil, eventID: String? = nil) {
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.eventID = eventID
    }

    public var description: String {
        "\(message) (\(type)\(code.map { ", \($0)" } ?? ""))"
    }

    /// True for errors after which the session cannot go on.
    public var endsSession: Bool {
        ["session_expired", "session_closed", "invalid_api_key", "authentication_error", "insufficient_quota"].contains(code ?? "")
            || type == "authentication_error"
    }

    package var jsonValue: JSONValue {
        .members(["type": .string(type), "code": code.map(JSONValue.string), "message": .string(message),
                  "param": param.map(JSONValue.string), "event_id": eventID.map(JSONValue.string)])
    }

    package static func parse(_ value: JSONValue?) -> RealtimeErrorInfo {
        RealtimeErrorInfo(type: value?["type"]?.stringValue ?? "error", code: value?["code"]?.stringValue,
                          message: value?["message"]?.stringValue ?? "(no message)", param: value?["param"]?.stringValue,
                          eventID: value?["event_id"]?.stringValue)
    }
}
