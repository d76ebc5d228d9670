import FoundryCore

/// How the server decides that the user has finished speaking.
public enum TurnDetection: Sendable, Equatable {
    /// Energy/voice-activity detection with explicit thresholds.
    case serverVAD(ServerVAD)
    /// The model decides from what was said (hosted models only).
    case semanticVAD(eagerness: String?, createResponse: Bool?, interruptResponse: Bool?)
    /// No detection: the client commits the buffer and asks for a response (push-to-talk).
    case disabled

    public struct ServerVAD: Sendable, Equatable {
        /// Activation threshold, 0–1 (higher needs louder audio).
        public var threshold: Double?
        /// Audio kept before detected speech, ms.
        public var prefixPaddingMs: Int?
        /// Silence that ends a turn, ms.
        public var silenceDurationMs: Int?
        public var createResponse: Bool?
        public var interruptResponse: Bool?
        public var idleTimeoutMs: Int?

        public init(threshold: Double? = nil, prefixPaddingMs: Int? = nil, silenceDurationMs: Int? = nil,
                    createResponse: Bool? = nil, interruptResponse: Bool? = nil, idleTimeoutMs: Int? = nil) {
            self.threshold = threshold
            self.prefixPaddingMs = prefixPaddingMs
            self.silenceDurationMs = silenceDurationMs
            self.createResponse = createResponse
            self.interruptResponse = interruptResponse
            self.idleTimeoutMs = idleTimeoutMs
        }

        /// OpenAI's documented defaults.
        public static let defaults = ServerVAD(threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500,
                                               createResponse: true, interruptResponse: true)
    }

    /// The wire form (`null` for disabled).
    package var jsonValue: JSONValue {
        switch self {
        case .serverVAD(let v):
            return .members([
                "type": .string("server_vad"), "threshold": v.threshold.map(JSONValue.number),
                "prefix_padding_ms": v.prefixPaddingMs.map(JSONValue.int), "silence_duration_ms": v.silenceDurationMs.map(JSONValue.int),
                "create_response": v.createResponse.map(JSONValue.bool), "interrupt_response": v.interruptResponse.map(JSONValue.bool),
                "idle_timeout_ms": v.idleTimeoutMs.map(JSONValue.int),
            ])
        case .semanticVAD(let eagerness, let create, let interrupt):
            return .members([
                "type": .string("semantic_vad"), "eagerness": eagerness.map(JSONValue.string),
                "create_response": create.map(JSONValue.bool), "interrupt_response": interrupt.map(JSONValue.bool),
            ])
        case .disabled:
            return .null
        }
    }

    /// Parses the wire form; `null` means disabled.
    package static func parse(_ value: JSONValue, event: String) throws -> TurnDetection {
        guard let o = value.objectValue else {
            if value == .null { return .disabled }
            throw RealtimeProtocolError.missing(event, "turn_detection")
        }
        let f = JSONFields(o, event: event)
        switch f.optionalString("type") ?? "server_vad" {
        case "server_vad":
            return .serverVAD(ServerVAD(
                threshold: f.optionalDouble("threshold"), prefixPaddingMs: f.optionalInt("prefix_padding_ms"),
                silenceDurationMs: f.optionalInt("silence_duration_ms"), createResponse: f["create_response"]?.boolValue,
                interruptResponse: f["interrupt_response"]?.boolValue, idleTimeoutMs: f.optionalInt("idle_timeout_ms")))
        case "semantic_vad":
            return .semanticVAD(eagerness: f.optionalString("eagerness"), createResponse: f["create_response"]?.boolValue,
                                interruptResponse: f["interrupt_response"]?.boolValue)
        default:
            throw RealtimeProtocolError.missing(event, "turn_detection.type")
        }
    }
}
