import FoundryCore

/// Predicts, for one prompt, the probability that each candidate model answers it correctly.
/// Implementations must be fast: the router calls this once per request with every candidate,
/// and the whole decision must stay well under a millisecond on a 50-model catalog.
public protocol QualityPredictor: Sendable {
    /// For each catalog model id in `models`, a probability in [0, 1] and where it came from.
    func predict(prompt: String, models: [CatalogEntry]) -> [String: QualityEstimate]
    /// A short description for explanations and the decision record, e.g. "learned v1 (RouterBench+RouteLLM)".
    var version: String { get }
}

/// One model's predicted quality for one prompt.
public struct QualityEstimate: Sendable, Equatable, Codable {
    public var probability: Double
    /// "learned" (from the trained model, for this prompt) or "prior" (a documented per-model
    /// score from public benchmarks, the same for every prompt).
    public var source: String

    public init(probability: Double, source: String) {
        self.probability = probability
        self.source = source
    }
}
