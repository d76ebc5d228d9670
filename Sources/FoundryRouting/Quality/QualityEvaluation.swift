/// The result of replaying a dataset through the router's policies (`foundry route eval`).
/// Encodes to `{"prompts": N, "policies": [{"name", "accuracy", "cost_usd"}…], "baselines": […],
/// "oracle": {"accuracy", "cost_usd"}, …}` with the extra fields below.
public struct QualityEvaluation: Codable, Sendable, Equatable {
    public struct Score: Codable, Sendable, Equatable {
        public var name: String
        public var accuracy: Double
        public var costUSD: Double
        /// The quality band for band policies.
        public var band: Double?

        public init(name: String, accuracy: Double, costUSD: Double, band: Double? = nil) {
            self.name = name
            self.accuracy = accuracy
            self.costUSD = costUSD
            self.band = band
        }

        enum CodingKeys: String, CodingKey {
            case name, accuracy, band
            case costUSD = "cost_usd"
        }
    }

    public struct Oracle: Codable, Sendable, Equatable {
        public var accuracy: Double
        public var costUSD: Double

        public init(accuracy: Double, costUSD: Double) {
            self.accuracy = accuracy
            self.costUSD = costUSD
        }
        enum CodingKeys: String, CodingKey {
            case accuracy
            case costUSD = "cost_usd"
        }
    }

    /// One point of the band sweep, with the random router's expected accuracy at the same cost.
    public struct CurvePoint: Codable, Sendable, Equatable {
        public var band: Double
        public var accuracy: Double
        public var costUSD: Double
        public var randomAccuracyAtCost: Double

        enum CodingKeys: String, CodingKey {
            case band, accuracy
            case costUSD = "cost_usd", randomAccuracyAtCost = "random_accuracy_at_cost"
        }
    }

    /// RouteLLM's average performance gap recovered for two-model pools.
    public struct APGR: Codable, Sendable, Equatable {
        public var value: Double
        public var strong: String
        public var weak: String
        public var strongAccuracy: Double
        public var weakAccuracy: Double
        /// (share of calls to the strong model, accuracy) at RouteLLM's 11 score-quantile thresholds.
        public var points: [[Double]]
        public var definition: String

        enum CodingKeys: String, CodingKey {
            case value, strong, weak, points, definition
            case strongAccuracy = "strong_accuracy", weakAccuracy = "weak_accuracy"
        }
    }

    /// What was evaluated, e.g. "routerbench-mbpp_train.csv" or "pooled: 3 files".
    public var label: String
    public var prompts: Int
    public var policies: [Score]
    public var baselines: [Score]
    public var oracle: Oracle
    public var models: [String]
    /// The most accurate single model (ties: the cheaper).
    public var bestSingle: String
    /// balanced cost ÷ best single model's cost.
    public var balancedCostRatio: Double
    /// balanced accuracy − best single model's accuracy.
    public var balancedAccuracyGain: Double
    public var curve: [CurvePoint]
    public var apgr: APGR?
    public var heldOut: String?
    public var costBasis: String
    public var randomBaseline: String
    /// Prompts left out because no model in the pool has a correctness value for them.
    public var excludedPrompts: Int

    enum CodingKeys: String, CodingKey {
        case label, prompts, policies, baselines, oracle, models, curve, apgr
        case bestSingle = "best_single", balancedCostRatio = "balanced_cost_ratio"
        case balancedAccuracyGain = "balanced_accuracy_gain", heldOut = "held_out", costBasis = "cost_basis"
        case randomBaseline = "random_baseline", excludedPrompts = "excluded_prompts"
    }

    public func policy(_ name: String) -> Score? { policies.first { $0.name == name } }
    public func baseline(_ name: String) -> Score? { baselines.first { $0.name == name } }
}
