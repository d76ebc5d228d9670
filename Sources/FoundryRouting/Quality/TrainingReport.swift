/// What `QualityTrainer.train` did: the data, the split, each learned curve, the tuning on the
/// training split, and warnings for the CLI to print.
public struct TrainingReport: Codable, Sendable {
    public struct FileSummary: Codable, Sendable, Equatable {
        public var file: String
        public var format: String
        public var models: [String]
        public var rows: Int
        public var trainRows: Int
        public var heldOutRows: Int
        public var droppedContaminated: Int

        enum CodingKeys: String, CodingKey {
            case file, format, models, rows
            case trainRows = "train_rows", heldOutRows = "held_out_rows", droppedContaminated = "dropped_contaminated"
        }
    }

    public struct CurveSummary: Codable, Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var trainRows: Int
        public var positiveRate: Double
        public var trainLogLoss: Double
        /// Mean out-of-fold log-loss at the chosen λ (cross-validation inside the training split).
        public var cvLogLoss: Double?
        public var iterations: Int

        enum CodingKeys: String, CodingKey {
            case name, aliases, iterations
            case trainRows = "train_rows", positiveRate = "positive_rate", trainLogLoss = "train_log_loss", cvLogLoss = "cv_log_loss"
        }
    }

    public var files: [FileSummary]
    public var holdout: Double
    public var seed: UInt64
    /// "held out 20% of the rows of each file (seed 42; …); trained on the rest".
    public var split: String
    public var trainRows: Int
    public var heldOutRows: Int
    public var curves: [CurveSummary]
    /// The L2 strength used, and the mean out-of-fold log-loss of each candidate.
    public var lambda: Double
    public var lambdaCandidates: [[Double]]
    public var folds: Int
    public var bands: LearnedQualityModel.PolicyBands
    /// The band sweep on out-of-fold predictions of the training split (what the bands were
    /// chosen from), one per model group.
    public var crossValidation: [QualityEvaluation]
    /// Dataset models no catalog model maps to (their curves serve `route eval` only).
    public var unmappedDatasetModels: [String]
    /// Catalog models that fall back to the neutral prior.
    public var catalogModelsWithoutScore: [String]
    /// One line each, for the CLI to print on stderr.
    public var warnings: [String]
    public var date: String

    enum CodingKeys: String, CodingKey {
        case files, holdout, seed, split, curves, lambda, folds, bands, warnings, date
        case trainRows = "train_rows", heldOutRows = "held_out_rows", lambdaCandidates = "lambda_candidates"
        case crossValidation = "cross_validation", unmappedDatasetModels = "unmapped_dataset_models"
        case catalogModelsWithoutScore = "catalog_models_without_score"
    }
}
