import FoundryCore

/// The quality predictor route uses: a model given with --quality-model (from `route train`),
/// else the model shipped inside foundry (trained from the RouterBench and RouteLLM data;
/// see docs/quality-model.md).
package enum QualityModels {
    package static func current(path: String?) throws -> any QualityPredictor {
        if let path { return try LearnedQualityModel.load(path: path) }
        return try shipped()
    }

    package static func shipped() throws -> LearnedQualityModel {
        guard let model = LearnedQualityModel.shipped else {
            throw FoundryError.failure("the built-in quality model is missing or damaged (rebuild foundry)")
        }
        return model
    }
}
