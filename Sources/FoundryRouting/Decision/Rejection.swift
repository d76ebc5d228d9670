/// A model the router excluded: the constraint that excluded it, why in words, and what would
/// admit it. Logged and printed as `{"id", "constraint", "reason", "would_admit"}`.
public struct Rejection: Sendable, Codable, Equatable {
    public var id: String
    public var constraint: Constraint
    public var reason: String
    /// What would admit this model, when something would.
    public var admission: Admission?
    /// The model speaks only the realtime (WebSocket) protocol, so no chat request can use it
    /// whatever its constraints (its constraint is `capability`). Not logged: a rejection read
    /// back from the decision log has it false.
    public var realtimeOnly: Bool

    public init(id: String, constraint: Constraint, reason: String, admission: Admission? = nil, realtimeOnly: Bool = false) {
        self.id = id
        self.constraint = constraint
        self.reason = reason
        self.admission = admission
        self.realtimeOnly = realtimeOnly
    }

    /// The admission as printed and logged: "--max-tokens 200", "set OPENAI_API_KEY".
    public var wouldAdmit: String? { admission?.text }

    enum CodingKeys: String, CodingKey { case id, constraint, reason, wouldAdmit = "would_admit" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), constraint: try c.decode(Constraint.self, forKey: .constraint),
                  reason: try c.decode(String.self, forKey: .reason),
                  admission: try c.decodeIfPresent(String.self, forKey: .wouldAdmit).map(Admission.logged))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(constraint, forKey: .constraint)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(wouldAdmit, forKey: .wouldAdmit)
    }
}

extension Rejection {
    /// The constraint that excluded a model. The raw values are the names `--json`, the decision
    /// log, `--explain` and exit 3's summary use; they do not change.
    public enum Constraint: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
        /// "context_window": the prompt and the output asked for do not fit the window, or the
        /// output asked for is longer than the model writes.
        case contextWindow = "context_window"
        /// "capability": the model lacks a capability the request needs, or is realtime-only.
        case capability
        /// "provider": the provider is not among `--provider`'s.
        case provider
        /// "exclude": named by `--exclude` (provider, id or model).
        case exclude
        /// "location": not local (`--local-only`) or in the cloud (`--on-prem-only`).
        case location
        /// "region": a cloud model serving another region than `--region`.
        case region
        /// "retired": retired by its provider.
        case retired
        /// "key": the provider's key or endpoint is not set.
        case key
        /// "allowed_models": not among the models the caller's virtual key may use (route serve).
        case allowedModels = "allowed_models"
        /// "budget": may cost more than what is left of today's budget.
        case budget
        /// "cooldown": cooling down after repeated failures.
        case cooldown
        /// "max_cost": may cost more than `--max-cost`.
        case maxCost = "max_cost"
        /// "max_latency": median time to first token above `--max-latency`, or never measured.
        case maxLatency = "max_latency"
        /// "max_total_latency": median total time above `--max-total-latency`, or never measured.
        case maxTotalLatency = "max_total_latency"
        /// "min_quality": predicted quality below `--min-quality`.
        case minQuality = "min_quality"

        public var description: String { rawValue }

        /// By name, as printed (rejections are listed grouped by constraint, in this order).
        public static func < (a: Constraint, b: Constraint) -> Bool { a.rawValue < b.rawValue }
    }

    /// What would admit a rejected model.
    public enum Admission: Sendable, Equatable {
        /// A route option and the value that would admit it: "--max-tokens 200".
        case option(String)
        /// The environment variable (or variables, "A or B") that, set, would make the model
        /// callable; printed "set A or B".
        case setting(String)
        /// Read back from the decision log: the text as logged.
        case logged(String)

        /// As printed and logged.
        public var text: String {
            switch self {
            case .option(let text), .logged(let text): text
            case .setting(let variables): "set " + variables
            }
        }
    }
}
