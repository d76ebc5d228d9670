import Foundation

/// How the learned curves of the dataset's (2023–early 2024) models stand in for today's catalog
/// models, and the constant priors for catalog models with no stand-in. Stored in the model file;
/// the defaults below are documented in docs/quality-model.md with their sources.
///
/// A mapped catalog model's probability for a prompt is `σ(z_standIn(prompt) + offset)`: the stand-in
/// dataset model's learned logit shifted by the difference of the two models' MMLU-level scores in
/// logit space, `offset = logit(mmluEquivalent) − logit(standInMMLU)`. For models with no published
/// MMLU in a comparable setting, the MMLU-equivalent is predicted from GPQA Diamond (see
/// `QualityBenchmarkBridge`).
public struct QualityCatalogMapping: Codable, Sendable, Equatable {
    /// Catalog id or model name → learned curve and calibration.
    public var learned: [String: LearnedMapping]
    /// Catalog id or model name → constant prior.
    public var priors: [String: PriorScore]
    /// Used for a model found in neither table (a config, plugin or GGUF entry foundry has no
    /// benchmark for).
    public var defaultPrior: PriorScore

    enum CodingKeys: String, CodingKey {
        case learned, priors
        case defaultPrior = "default_prior"
    }

    public struct LearnedMapping: Codable, Sendable, Equatable {
        /// The dataset model whose learned curve is used.
        public var standIn: String
        /// Added to the stand-in's logit.
        public var offset: Double
        /// The catalog model's MMLU-level score used for the offset (0–1), and how it was obtained.
        public var mmluEquivalent: Double
        public var basis: String
        public var source: String

        enum CodingKeys: String, CodingKey {
            case standIn = "stand_in", offset, basis, source
            case mmluEquivalent = "mmlu_equivalent"
        }
    }

    public struct PriorScore: Codable, Sendable, Equatable {
        public var probability: Double
        public var source: String
    }

    /// The mapping entry for a catalog model: by id first, then by model name.
    package func resolve(id: String, model: String) -> Resolution {
        if let m = learned[id] { return .learned(m) }
        if let p = priors[id] { return .prior(p) }
        if let m = learned[model] { return .learned(m) }
        if let p = priors[model] { return .prior(p) }
        let lower = model.lowercased()
        if let m = learned[lower] { return .learned(m) }
        if let p = priors[lower] { return .prior(p) }
        return .prior(defaultPrior)
    }

    package enum Resolution {
        case learned(LearnedMapping)
        case prior(PriorScore)
    }
}

/// Turns GPQA Diamond into an MMLU-level score for models that publish no MMLU: a least-squares
/// line in logit space fitted on the 17 OpenAI models that openai/simple-evals reports with
/// both (MMLU and GPQA, zero-shot chain of thought; correlation 0.79).
public enum QualityBenchmarkBridge {
    public static let intercept = 1.7938
    public static let slope = 0.4044

    public static func mmluEquivalent(gpqaDiamond: Double) -> Double {
        sigmoid(intercept + slope * logit(gpqaDiamond))
    }

    package static func logit(_ p: Double) -> Double { log(p / (1 - p)) }
    package static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}

extension QualityCatalogMapping {
    /// The dataset models' own MMLU-level scores: the anchors the offsets are measured from.
    public static let standInScores: [String: (score: Double, source: String)] = [
        "gpt-4-1106-preview": (0.847, "MMLU 84.7, openai/simple-evals README (zero-shot CoT)"),
        "mistralai/mixtral-8x7b-chat": (0.706, "MMLU 70.6, Mixtral of Experts, arXiv:2401.04088 (5-shot)"),
        "mistralai/mistral-7b-chat": (0.601, "MMLU 60.1, Mistral 7B, arXiv:2310.06825 (5-shot)"),
    ]

    private static let simpleEvals = "https://github.com/openai/simple-evals (README table, zero-shot CoT)"

    /// One catalog model: its stand-in and either an MMLU score or a GPQA Diamond score.
    private struct Row {
        package var keys: [String]
        package var standIn: String
        package var mmlu: Double?
        package var gpqa: Double?
        package var source: String
    }

    private static let rows: [Row] = [
        Row(keys: ["gpt-4o"], standIn: "gpt-4-1106-preview", mmlu: 0.887, gpqa: nil,
            source: "MMLU 88.7 (gpt-4o-2024-08-06), \(simpleEvals)"),
        Row(keys: ["gpt-4o-mini"], standIn: "gpt-4-1106-preview", mmlu: 0.820, gpqa: nil,
            source: "MMLU 82.0 (gpt-4o-mini-2024-07-18), \(simpleEvals)"),
        Row(keys: ["gpt-4.1"], standIn: "gpt-4-1106-preview", mmlu: 0.902, gpqa: nil,
            source: "MMLU 90.2 (gpt-4.1-2025-04-14), \(simpleEvals)"),
        Row(keys: ["gpt-4.1-mini"], standIn: "gpt-4-1106-preview", mmlu: 0.875, gpqa: nil,
            source: "MMLU 87.5 (gpt-4.1-mini-2025-04-14), \(simpleEvals)"),
        Row(keys: ["gpt-4.1-nano"], standIn: "gpt-4-1106-preview", mmlu: 0.801, gpqa: nil,
            source: "MMLU 80.1 (gpt-4.1-nano-2025-04-14), \(simpleEvals)"),
        Row(keys: ["o4-mini"], standIn: "gpt-4-1106-preview", mmlu: 0.900, gpqa: nil,
            source: "MMLU 90.0 (o4-mini, medium effort), \(simpleEvals)"),
        Row(keys: ["gpt-5"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.857,
            source: "GPQA Diamond 85.7 (no tools), https://openai.com/index/introducing-gpt-5-for-developers/"),
        Row(keys: ["gpt-5-mini"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.823,
            source: "GPQA Diamond 82.3 (no tools), https://openai.com/index/introducing-gpt-5-for-developers/ (vendor table; value not re-read here)"),
        Row(keys: ["gpt-5-nano"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.712,
            source: "GPQA Diamond 71.2 (no tools), https://openai.com/index/introducing-gpt-5-for-developers/ (vendor table; value not re-read here)"),
        Row(keys: ["claude-sonnet-4-5"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.834,
            source: "GPQA Diamond 83.4, https://www.anthropic.com/news/claude-sonnet-4-5 (vendor table; value not re-read here)"),
        Row(keys: ["claude-haiku-4-5"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.730,
            source: "GPQA Diamond 73.0, https://www.anthropic.com/news/claude-haiku-4-5 (vendor table; value not re-read here)"),
        Row(keys: ["gemini-2.5-pro"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.864,
            source: "GPQA Diamond 86.4, Gemini 2.5 Pro model card https://deepmind.google/models/gemini/pro/ (value not re-read here)"),
        Row(keys: ["gemini-2.5-flash"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.808,
            source: "GPQA Diamond 80.8 (09-2025 thinking), Gemini 2.5 Flash model card as summarised at https://www.modelcards.net/documents/18"),
        Row(keys: ["gemini-2.5-flash-lite"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.646,
            source: "GPQA Diamond 64.6 (thinking off), https://deepmind.google/models/gemini/flash-lite/ (value not re-read here)"),
        Row(keys: ["mistral-medium-2505"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.571,
            source: "GPQA Diamond 57.1, Mistral Medium 3 announcement https://mistral.ai/news/mistral-medium-3 (as quoted in a stored review)"),
        Row(keys: ["mistral-medium-2604"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.571,
            source: "no MMLU/GPQA published for Medium 3.5; uses its predecessor Medium 3's GPQA Diamond 57.1 as a lower bound"),
        Row(keys: ["mistral-large-2512"], standIn: "gpt-4-1106-preview", mmlu: nil, gpqa: 0.439,
            source: "GPQA Diamond 43.9, Mistral Large 3 announcement https://mistral.ai/news/mistral-3 (value not re-read here)"),
        Row(keys: ["mistral-small-2506", "mistral-small-3.2-24b-instruct"], standIn: "mistralai/mixtral-8x7b-chat",
            mmlu: 0.805, gpqa: nil,
            source: "MMLU 80.5, Mistral-Small-3.2-24B-Instruct-2506 model card https://huggingface.co/mistralai/Mistral-Small-3.2-24B-Instruct-2506 (value not re-read here)"),
        Row(keys: ["llama-3.2-3b-instruct"], standIn: "mistralai/mistral-7b-chat", mmlu: 0.634, gpqa: nil,
            source: "MMLU 63.4, Llama 3.2 model card https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/MODEL_CARD.md"),
    ]

    /// Realtime (speech-to-speech) models: no text benchmark comparable to the routing data.
    public static let defaultPriors: [String: PriorScore] = [
        "gpt-realtime": PriorScore(
            probability: 0.828,
            source: "Big Bench Audio 82.8%, https://openai.com/index/introducing-gpt-realtime/ (speech-to-speech reasoning; value not re-read here)"),
        "gpt-realtime-1.5": PriorScore(
            probability: 0.828,
            source: "no published benchmark found; assumed equal to gpt-realtime (Big Bench Audio 82.8%)"),
    ]

    public static let unknownPrior = PriorScore(
        probability: 0.5,
        source: "no public benchmark known to foundry for this model: neutral prior 0.5")

    /// The built-in mapping, with offsets computed from the scores above.
    public static func builtIn() -> QualityCatalogMapping {
        var learned: [String: LearnedMapping] = [:]
        for row in rows {
            guard let anchor = standInScores[row.standIn] else { continue }
            let score: Double, basis: String
            if let mmlu = row.mmlu {
                score = mmlu
                basis = "MMLU \(percent(mmlu)) vs \(row.standIn) \(percent(anchor.score))"
            } else {
                score = QualityBenchmarkBridge.mmluEquivalent(gpqaDiamond: row.gpqa ?? 0.5)
                basis = "GPQA Diamond \(percent(row.gpqa ?? 0.5)) → MMLU-equivalent \(percent(score)) (bridge fitted on simple-evals) vs \(row.standIn) \(percent(anchor.score))"
            }
            let offset = QualityBenchmarkBridge.logit(score) - QualityBenchmarkBridge.logit(anchor.score)
            let mapping = LearnedMapping(
                standIn: row.standIn, offset: (offset * 10000).rounded() / 10000, mmluEquivalent: (score * 1000).rounded() / 1000,
                basis: basis, source: row.source + "; anchor: " + anchor.source)
            for key in row.keys { learned[key] = mapping }
        }
        return QualityCatalogMapping(learned: learned, priors: defaultPriors, defaultPrior: unknownPrior)
    }

    private static func percent(_ p: Double) -> String { String(format: "%.1f", p * 100) }
}
