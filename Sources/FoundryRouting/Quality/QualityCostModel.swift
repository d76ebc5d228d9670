/// What answering a dataset prompt costs, for the offline replay: the cost the router expects
/// before it calls a model (used to rank models) and the cost the dataset says it had (used to
/// add up a policy's spend).
///
/// - Files with `MODEL|total_cost` columns (RouterBench): the actual cost is the row's own cost;
///   the expected cost is the model's mean cost per prompt over the training split of the same
///   benchmark (`eval_name`), or over all training rows when that benchmark has none.
/// - Files without costs (RouteLLM's MMLU): both are estimated from the prompt's length at the
///   prices RouteLLM used (`routeLLMPricesPerMillionTokens`): input tokens ≈ UTF-8 bytes / 4, plus
///   one output token (the answer letter).
public struct QualityCostModel: Sendable {
    /// RouteLLM's cost estimates in USD per million tokens (Ong et al., "RouteLLM: Learning to Route
    /// LLMs with Preference Data", arXiv:2406.18665, §5.4 and Appendix D: GPT-4 $24.7, Mixtral
    /// 8x7B $0.24, averaged over input and output).
    public static let routeLLMPricesPerMillionTokens: [String: Double] = [
        "gpt-4-1106-preview": 24.7,
        "mistralai/Mixtral-8x7B-Instruct-v0.1": 0.24,
        "mistralai/mixtral-8x7b-chat": 0.24,
    ]

    package var meanByDataset: [String: [String: Double]]
    package var meanByModel: [String: Double]

    /// Learns the expected costs from the training rows.
    public init(training rows: [QualityRow]) {
        var sums: [String: [String: (Double, Int)]] = [:]
        var all: [String: (Double, Int)] = [:]
        for row in rows {
            for (model, usd) in row.cost {
                sums[row.dataset, default: [:]][model, default: (0, 0)].0 += usd
                sums[row.dataset, default: [:]][model, default: (0, 0)].1 += 1
                all[model, default: (0, 0)].0 += usd
                all[model, default: (0, 0)].1 += 1
            }
        }
        meanByDataset = sums.mapValues { $0.mapValues { $0.0 / Double($0.1) } }
        meanByModel = all.mapValues { $0.0 / Double($0.1) }
    }

    /// Estimated tokens of a prompt and a one-token answer.
    public static func estimatedTokens(_ prompt: String) -> Double {
        (Double(prompt.utf8.count) / 4).rounded(.up) + 1
    }

    package static func priced(_ row: QualityRow, _ model: String) -> Double? {
        routeLLMPricesPerMillionTokens[model].map { estimatedTokens(row.prompt) * $0 / 1_000_000 }
    }

    /// The cost the router expects before calling `model` on `row`.
    public func expected(_ row: QualityRow, _ model: String) -> Double {
        if row.cost.isEmpty, let p = Self.priced(row, model) { return p }
        if let m = meanByDataset[row.dataset]?[model] { return m }
        if let m = meanByModel[model] { return m }
        return row.cost[model] ?? Self.priced(row, model) ?? 0
    }

    /// The cost the dataset records for `model` on `row` (estimated for files without costs).
    public func actual(_ row: QualityRow, _ model: String) -> Double {
        if let c = row.cost[model] { return c }
        if let p = Self.priced(row, model) { return p }
        return expected(row, model)
    }

    /// How costs were obtained for `rows`.
    public static func describe(_ rows: [QualityRow]) -> String {
        let withCost = rows.filter { !$0.cost.isEmpty }.count
        if withCost == rows.count { return "dataset MODEL|total_cost per prompt (RouterBench, early-2024 prices)" }
        let estimated = "estimated: UTF-8 bytes/4 input tokens + 1 output token at RouteLLM's prices (GPT-4 $24.7/M, Mixtral $0.24/M tokens; arXiv:2406.18665 §5.4)"
        return withCost == 0 ? estimated : "mixed: dataset costs for \(withCost) prompts; " + estimated + " for the rest"
    }
}
