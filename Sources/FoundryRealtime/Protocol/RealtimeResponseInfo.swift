import FoundryCore

/// The response object of `response.created` and `response.done`.
public struct RealtimeResponseInfo: Sendable, Equatable {
    public var id: String
    /// in_progress, completed, cancelled, failed or incomplete (or what the peer sent).
    public var status: RealtimeStatus
    /// Why a response did not complete: `turn_detected`, `client_cancelled`, `max_output_tokens`, …
    public var statusReason: String?
    /// The error of a failed response.
    public var error: RealtimeErrorInfo?
    public var output: [RealtimeItem]
    public var usage: RealtimeUsage?
    public var outputModalities: [String]?

    public init(id: String, status: RealtimeStatus, statusReason: String? = nil, error: RealtimeErrorInfo? = nil, output: [RealtimeItem] = [],
                usage: RealtimeUsage? = nil, outputModalities: [String]? = nil) {
        self.id = id
        self.status = status
        self.statusReason = statusReason
        self.error = error
        self.output = output
        self.usage = usage
        self.outputModalities = outputModalities
    }

    package func jsonValue(_ dialect: RealtimeDialect) -> JSONValue {
        var details: JSONValue?
        if statusReason != nil || error != nil {
            // The error's message too (the API documents type and code): a client can say why.
            details = .members(["type": .string(status.rawValue), "reason": statusReason.map(JSONValue.string),
                                "error": error.map { .members(["type": .string($0.type), "code": $0.code.map(JSONValue.string),
                                                               "message": $0.message.isEmpty ? nil : .string($0.message)]) }])
        }
        let modalities = outputModalities.map { JSONValue.array($0.map(JSONValue.string)) }
        return .members([
            "id": .string(id), "object": .string("realtime.response"), "status": .string(status.rawValue), "status_details": details,
            "output": .array(output.map { $0.jsonValue(dialect) }), "usage": usage?.jsonValue,
            dialect == .ga ? "output_modalities" : "modalities": modalities,
        ])
    }

    package static func parse(_ value: JSONValue, event: String) throws -> RealtimeResponseInfo {
        guard let o = value.objectValue else { throw RealtimeProtocolError.missing(event, "response") }
        let f = JSONFields(o, event: event)
        let details = f["status_details"]
        let error = details?["error"].flatMap { e -> RealtimeErrorInfo? in
            guard e.objectValue != nil else { return nil }
            return RealtimeErrorInfo(type: e["type"]?.stringValue ?? "error", code: e["code"]?.stringValue, message: e["message"]?.stringValue ?? "")
        }
        return RealtimeResponseInfo(
            id: f.optionalString("id") ?? "", status: f.optionalString("status").map(RealtimeStatus.init(rawValue:)) ?? .inProgress, statusReason: details?["reason"]?.stringValue,
            error: error, output: try (f["output"]?.arrayValue ?? []).map { try RealtimeItem.parse($0, event: event) },
            usage: f["usage"].map(RealtimeUsage.parse),
            outputModalities: (f["output_modalities"] ?? f["modalities"])?.arrayValue?.compactMap(\.stringValue))
    }
}
