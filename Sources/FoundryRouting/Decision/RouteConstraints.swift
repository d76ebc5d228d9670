import FoundryCore

/// What the caller asks of the model: hard limits and a preference among what passes them.
public struct RouteConstraints: Sendable, Codable, Equatable {
    public enum Preference: String, Sendable, Codable, CaseIterable {
        case balanced, cost, quality, latency

        /// How far below the best predicted quality a model may be and still be chosen.
        /// balanced: the cheapest model within 0.03 of the best; cost: within 0.075;
        /// quality: the best only; latency: the fastest within 0.03. The widths were chosen by
        /// cross-validation on the quality model's training data (docs/quality-model.md).
        public var defaultBand: Double {
            switch self {
            case .balanced, .latency: 0.03
            case .cost: 0.075
            case .quality: 0
            }
        }
    }

    public var maxCostUSD: Double?
    /// Time to first token, milliseconds.
    public var maxLatencyMs: Double?
    public var maxTotalLatencyMs: Double?
    public var minQuality: Double?
    public var needs: [Capability]
    /// Only these providers (empty: any).
    public var providers: [String]
    /// Providers or model ids to leave out.
    public var exclude: [String]
    public var localOnly: Bool
    public var onPremOnly: Bool
    /// Only cloud models of this region family ("eu", "us", "global"); local and on-prem pass.
    public var region: String?
    public var prefer: Preference
    public var band: Double?
    /// The output bound used for the context and cost limits.
    public var maxTokens: Int
    /// What remains of the daily budget, when one is set.
    public var budgetRemainingUSD: Double?
    /// The models the caller's key may use (ids or `provider/*` patterns); nil: any.
    public var allowedModels: [String]?

    enum CodingKeys: String, CodingKey {
        case needs, providers, exclude, region, prefer, band
        case maxCostUSD = "max_cost_usd", maxLatencyMs = "max_latency_ms", maxTotalLatencyMs = "max_total_latency_ms"
        case minQuality = "min_quality", localOnly = "local_only", onPremOnly = "on_prem_only", maxTokens = "max_tokens"
        case budgetRemainingUSD = "budget_remaining_usd", allowedModels = "allowed_models"
    }

    public init(
        maxCostUSD: Double? = nil, maxLatencyMs: Double? = nil, maxTotalLatencyMs: Double? = nil, minQuality: Double? = nil,
        needs: [Capability] = [], providers: [String] = [], exclude: [String] = [], localOnly: Bool = false, onPremOnly: Bool = false,
        region: String? = nil, prefer: Preference = .balanced, band: Double? = nil, maxTokens: Int = 1024, budgetRemainingUSD: Double? = nil,
        allowedModels: [String]? = nil
    ) {
        self.maxCostUSD = maxCostUSD
        self.maxLatencyMs = maxLatencyMs
        self.maxTotalLatencyMs = maxTotalLatencyMs
        self.minQuality = minQuality
        self.needs = needs
        self.providers = providers
        self.exclude = exclude
        self.localOnly = localOnly
        self.onPremOnly = onPremOnly
        self.region = region
        self.prefer = prefer
        self.band = band
        self.maxTokens = maxTokens
        self.budgetRemainingUSD = budgetRemainingUSD
        self.allowedModels = allowedModels
    }

    public var effectiveBand: Double { band ?? prefer.defaultBand }
}
