import FoundryCore

/// One model tried while executing a decision, with how it went.
public struct Attempt: Sendable, Codable, Equatable {
    public var model: String
    /// The deployment tried, for a model with several (`[[deployments]]`); absent otherwise.
    public var deployment: String?
    public var outcome: Outcome
    public var detail: String?
    public var ttftMs: Double?
    public var totalMs: Double?
    public var hedged: Bool

    enum CodingKeys: String, CodingKey { case model, deployment, outcome, detail, hedged, ttftMs = "ttft_ms", totalMs = "total_ms" }

    public init(model: String, deployment: String? = nil, outcome: Outcome, detail: String? = nil, ttftMs: Double? = nil, totalMs: Double? = nil,
                hedged: Bool = false) {
        self.model = model
        self.deployment = deployment
        self.outcome = outcome
        self.detail = detail
        self.ttftMs = ttftMs
        self.totalMs = totalMs
        self.hedged = hedged
    }
}

extension Attempt {
    /// How an attempt went. Logged, printed and in `--json` by its raw value: "ok",
    /// "hedge_lost", or the provider error's code ("server", "rate_limited", "stream_cut", …:
    /// `ProviderError.Kind`'s raw values); these names do not change.
    public enum Outcome: Sendable, Hashable, Codable, RawRepresentable, CaseIterable, CustomStringConvertible {
        /// "ok": the model answered.
        case ok
        /// "hedge_lost": a racing model produced its first token first.
        case hedgeLost
        /// The provider's failure, by its code.
        case failed(ProviderError.Kind)

        public init?(rawValue: String) {
            switch rawValue {
            case "ok": self = .ok
            case "hedge_lost": self = .hedgeLost
            default:
                guard let kind = ProviderError.Kind(rawValue: rawValue) else { return nil }
                self = .failed(kind)
            }
        }

        public var rawValue: String {
            switch self {
            case .ok: "ok"
            case .hedgeLost: "hedge_lost"
            case .failed(let kind): kind.rawValue
            }
        }

        public static var allCases: [Outcome] { [.ok, .hedgeLost] + ProviderError.Kind.allCases.map(Outcome.failed) }

        public var description: String { rawValue }
    }
}
