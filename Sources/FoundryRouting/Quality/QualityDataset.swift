import FoundryCore

/// One prompt of a routing dataset: its text, which benchmark it comes from, and for each of the
/// dataset's models whether that model answered it correctly and what it cost.
public struct QualityRow: Sendable, Equatable, Codable {
    /// The prompt as a model would see it (RouterBench's Python-list cells are decoded).
    public var prompt: String
    /// The benchmark the prompt comes from: the `eval_name` column when present, else the file
    /// name without `.csv` (e.g. `mmlu_anatomy`).
    public var dataset: String
    /// The file the row was read from and the line its record starts on.
    public var source: String
    public var line: Int
    /// Dataset model name → correctness in [0, 1] (1 = correct). A model whose cell is empty is
    /// absent: its correctness on this prompt is unknown.
    public var correct: [String: Double]
    /// Dataset model name → cost of answering this prompt in USD, when the file has
    /// `MODEL|total_cost` columns.
    public var cost: [String: Double]

    public init(prompt: String, dataset: String, source: String = "", line: Int = 0,
                correct: [String: Double], cost: [String: Double] = [:]) {
        self.prompt = prompt
        self.dataset = dataset
        self.source = source
        self.line = line
        self.correct = correct
        self.cost = cost
    }
}

/// The rows of one file, with what was learned about its layout.
public struct QualityDataset: Sendable, Equatable {
    public enum Format: String, Sendable, Codable {
        /// RouterBench: `prompt`, one 0/1 column per model, `MODEL|total_cost`, `MODEL|model_response`.
        case routerBench = "routerbench"
        /// RouteLLM and similar: `prompt` and one True/False (or 0/1) column per model, no costs.
        case correctnessOnly = "correctness-only"
    }

    public var file: String
    public var format: Format
    /// The dataset's model names, in column order.
    public var models: [String]
    public var rows: [QualityRow]
    /// Rows dropped because their prompt is listed as contaminated (RouteLLM's
    /// `contaminated_prompts.jsonl` beside the file).
    public var droppedContaminated: Int

    public init(file: String, format: Format, models: [String], rows: [QualityRow], droppedContaminated: Int = 0) {
        self.file = file
        self.format = format
        self.models = models
        self.rows = rows
        self.droppedContaminated = droppedContaminated
    }
}
