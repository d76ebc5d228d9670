import FoundryCore

/// The quality predictor route uses: the model shipped inside foundry (trained from the
/// RouterBench and RouteLLM data; see docs/quality-model.md).
enum QualityModels {
    static func current(context: Context) throws -> any QualityPredictor {
        guard let model = LearnedQualityModel.shipped else {
            throw FoundryError.failure("the built-in quality model is missing or damaged (rebuild foundry)")
        }
        return model
    }
}
