import Foundation
import FoundryCore

/// Everything about one routing decision, as printed by --explain and --json and appended to
/// the decision log: each candidate with its predictions, each rejected model with the
/// constraint that excluded it, the choice, the band, the policy version, the fallbacks used.
public struct Decision: Sendable, Codable {
    public var id: String
    public var time: String
    public var policyVersion: String
    public var qualityModel: String
    public var constraints: RouteConstraints
    /// Counted prompt tokens and how they were counted.
    public var promptTokens: Int
    public var promptTokensMethod: String
    /// Ranked: the chosen model first, then the fallback order.
    public var candidates: [Candidate]
    public var rejected: [Rejection]
    public var chosen: String?
    /// Best predicted quality among candidates, and the lowest quality the band admits.
    public var bestQuality: Double?
    public var bandFloor: Double?
    /// Models tried, in order, with their outcome (filled in by execution).
    public var attempts: [Attempt]
    /// Microseconds spent deciding.
    public var decisionMicroseconds: Double
    /// Who asked, when `route serve` checks keys: the key's name (never its secret) and tags.
    public var caller: DecisionCaller? = nil
    /// The client's W3C traceparent (`route serve`), passed on to the upstream.
    public var traceparent: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, time, constraints, candidates, rejected, chosen, attempts, caller, traceparent
        case policyVersion = "policy_version", qualityModel = "quality_model", promptTokens = "prompt_tokens"
        case promptTokensMethod = "prompt_tokens_method", bestQuality = "best_quality", bandFloor = "band_floor"
        case decisionMicroseconds = "decision_us"
    }

    /// The models execution may use, in order.
    public var chain: [String] { candidates.map(\.id) }
}

/// The virtual key a routed request came with.
public struct DecisionCaller: Sendable, Codable, Equatable {
    public var key: String
    public var tags: [String: String]
    /// Set when the key is past its soft budget.
    public var budgetWarning: String?

    enum CodingKeys: String, CodingKey { case key, tags, budgetWarning = "budget_warning" }

    public init(key: String, tags: [String: String], budgetWarning: String? = nil) {
        self.key = key
        self.tags = tags
        self.budgetWarning = budgetWarning
    }
}

public struct Candidate: Sendable, Codable, Equatable {
    public var id: String
    public var quality: Double
    public var qualitySource: String
    public var costUSD: Double
    public var ttftMs: Double?
    public var totalMs: Double?
    public var latencySource: String
    /// Within the quality band of the best candidate.
    public var inBand: Bool

    enum CodingKeys: String, CodingKey {
        case id, quality, inBand = "in_band", qualitySource = "quality_source", costUSD = "predicted_cost_usd"
        case ttftMs = "predicted_ttft_ms", totalMs = "predicted_total_ms", latencySource = "latency_source"
    }
}
