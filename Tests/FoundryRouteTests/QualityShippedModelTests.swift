import Foundation
import FoundryCore
import FoundryRoute
import FoundryRouting
import FoundryTestSupport
import Testing
import FoundryCatalog

@Suite("Quality model: the shipped model")
struct QualityShippedModelTests {
    static let regenerate = ProcessInfo.processInfo.environment["FOUNDRY_REGENERATE_QUALITY_MODEL"] == "1"

    func shipped() throws -> LearnedQualityModel {
        try #require(LearnedQualityModel.shipped, "Sources/FoundryRouting/Quality/Resources/quality-model.json does not decode")
    }

    @Test func loadsWithACurvePerDatasetModel() throws {
        let model = try shipped()
        #expect(model.version.hasPrefix("learned v1 (RouterBench+RouteLLM"))
        #expect(model.curves.count == 11)
        #expect(model.curveIndex("mistralai/Mixtral-8x7B-Instruct-v0.1") == model.curveIndex("mistralai/mixtral-8x7b-chat"))
        #expect(model.curves.allSatisfy { $0.weights.count == model.features.dimension })
        #expect(model.training.holdout == 0.2 && model.training.seed == 42)
        #expect(model.policy.balanced > 0 && model.policy.cost >= model.policy.balanced)
        let file = TestEnvironment.packageRoot + "/Sources/FoundryRouting/Quality/Resources/quality-model.json"
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
        #expect(size.map { $0 < 2_000_000 } == true)
    }

    @Test("a model file whose feature settings would divide by zero or overflow is refused with the field named")
    func impossibleFeatureSettingsAreRefused() throws {
        let file = TestEnvironment.packageRoot + "/Sources/FoundryRouting/Quality/Resources/quality-model.json"
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        for (field, value) in [("word_buckets", 0), ("char_buckets", -4), ("char_n", 0), ("char_n", 9), ("max_bytes", 0)] {
            var json = original
            var features = try #require(json["features"] as? [String: Any])
            features[field] = value
            json["features"] = features
            let error = #expect(throws: FoundryError.self) {
                try LearnedQualityModel.decode(JSONSerialization.data(withJSONObject: json), source: "bad.json")
            }
            #expect(error?.message.hasPrefix("bad.json: features.\(field) is \(value)") == true, "\(error?.message ?? "")")
        }
    }

    @Test func predictsEveryCatalogModel() throws {
        let model = try shipped()
        let catalog = Catalog.embedded().entries
        let prompt = "Write a Python function that checks whether a string is a palindrome."
        let estimates = model.predict(prompt: prompt, models: catalog)
        #expect(estimates.count == catalog.count)
        #expect(estimates.values.allSatisfy { $0.probability > 0 && $0.probability < 1 })
        #expect(estimates["openai/gpt-5"]?.source == "learned")
        #expect(estimates["azure/gpt-5@eu"] == estimates["openai/gpt-5"])
        #expect(estimates["local/llama-3.2-3b-instruct"]?.source == "learned")
        #expect(estimates["openai/gpt-realtime"] == QualityEstimate(probability: 0.828, source: "prior"))
        // Calibrated by public benchmarks: the frontier model above the small ones for the same prompt.
        #expect(estimates["openai/gpt-5"]!.probability > estimates["openai/gpt-5-nano"]!.probability)
        #expect(estimates["openai/gpt-4.1-nano"]!.probability > estimates["local/llama-3.2-3b-instruct"]!.probability)
        // The only catalog models left on the neutral prior are the realtime minis (no public score).
        let neutral = catalog.filter { estimates[$0.id]?.probability == 0.5 }.map(\.model)
        #expect(Set(neutral) == ["gpt-realtime-mini", "gpt-realtime-2.1-mini"])
        // A model foundry knows nothing about gets the neutral prior.
        let unknown = CatalogEntry(provider: "plugin", model: "mystery-7b", contextWindow: 8192, location: .local)
        #expect(model.predict(prompt: prompt, models: [unknown])["plugin/mystery-7b"] == QualityEstimate(probability: 0.5, source: "prior"))
        // The prompt matters: a different prompt moves learned estimates, not priors.
        let other = model.predict(prompt: "Which empire built Machu Picchu?\nA) Inca\nB) Aztec\nAnswer:", models: catalog)
        #expect(other["openai/gpt-5"]!.probability != estimates["openai/gpt-5"]!.probability)
        #expect(other["openai/gpt-realtime"] == estimates["openai/gpt-realtime"])
    }

    /// The figures of issue 4, measured on the rows held out of training (20% of each file, seed 42).
    /// These assertions state what the shipped model truly achieves (see docs/quality-model.md);
    /// the goal of a balanced policy at ≤ 60% of the best model's cost is not reached.
    @Test(.disabled(if: regenerate, "the model is being regenerated"))
    func heldOutFiguresOfTheShippedModel() async throws {
        let model = try shipped()
        let files = try RoutingData.all()
        let report = try await OffPool.run { try QualityEvaluator.heldOut(files: files, model: model, holdout: 0.2, seed: 42) }
        let routerBench = try #require(report.pooled.first { $0.models.count == 11 })
        #expect(routerBench.prompts == 445)
        #expect(routerBench.bestSingle == "gpt-4-1106-preview")
        let best = try #require(routerBench.baseline(routerBench.bestSingle))
        let quality = try #require(routerBench.policy("quality"))
        let balanced = try #require(routerBench.policy("balanced"))
        // quality: the best single model's accuracy at a lower cost (measured 0.8697 at 92.4%).
        #expect(quality.accuracy >= best.accuracy)
        #expect(quality.costUSD <= 0.93 * best.costUSD)
        // balanced: within one point of the best single model at 86% of its cost (0.8607 vs 0.8697, 85.7%).
        #expect(balanced.accuracy >= best.accuracy - 0.01)
        #expect(routerBench.balancedCostRatio <= 0.86)
        #expect(routerBench.oracle.accuracy > 0.97)

        // RouteLLM's MMLU pair: APGR well above the random router's 0.5 (measured 0.670).
        let mmlu = try #require(report.pooled.first { $0.models.count == 2 })
        #expect(mmlu.prompts == 2808)
        let apgr = try #require(mmlu.apgr)
        #expect(apgr.strong == "gpt-4-1106-preview")
        #expect(apgr.value >= 0.65)
        let mmluQuality = try #require(mmlu.policy("quality")), gpt4 = try #require(mmlu.baseline("gpt-4-1106-preview"))
        #expect(mmluQuality.accuracy >= gpt4.accuracy)
    }

    /// Regenerates the shipped model from ../shared/data/routing:
    /// FOUNDRY_REGENERATE_QUALITY_MODEL=1 swift test -c release -Xswiftc -enable-testing --filter QualityShippedModelTests/regenerateShippedModel
    @Test(.enabled(if: regenerate, "set FOUNDRY_REGENERATE_QUALITY_MODEL=1 to retrain and rewrite the shipped model"))
    func regenerateShippedModel() throws {
        var options = QualityTrainer.Options()
        options.progress = { print("… " + $0) }
        let (model, report) = try QualityTrainer.train(files: try RoutingData.all(), holdout: 0.2, seed: 42, options: options)
        let path = TestEnvironment.packageRoot + "/Sources/FoundryRouting/Quality/Resources/quality-model.json"
        try model.write(to: path)
        print("wrote \(path): \(model.version), λ \(report.lambda), bands \(report.bands.balanced)/\(report.bands.cost)")
        for w in report.warnings { print("warning: " + w) }
        let evaluation = try QualityEvaluator.heldOut(files: try RoutingData.all(), model: model)
        for e in evaluation.files.filter({ !$0.label.hasPrefix("mmlu_") }) + evaluation.pooled {
            let best = e.baseline(e.bestSingle)!, balanced = e.policy("balanced")!
            print("\(e.label): n \(e.prompts), best \(e.bestSingle) \(best.accuracy) $\(best.costUSD), balanced \(balanced.accuracy) $\(balanced.costUSD) (ratio \(e.balancedCostRatio)), oracle \(e.oracle.accuracy) $\(e.oracle.costUSD), APGR \(e.apgr?.value ?? .nan)")
        }
    }
}
