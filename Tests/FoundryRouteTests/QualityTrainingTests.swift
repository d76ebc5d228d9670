import Foundation
import FoundryCore
import FoundryRoute
import FoundryRouting
import FoundryTestSupport
import Testing

@Suite("Quality model: training and prediction")
struct QualityTrainingTests {
    /// Two synthetic models: "coder" is right on programming prompts and wrong on history,
    /// "historian" the opposite; a little noise so neither is perfect.
    static func synthetic(rows count: Int = 240) -> QualityDataset {
        let topics = [
            ("Write a Python function that returns the sum of a list of integers", 1.0, 0.0),
            ("Implement a function to reverse a linked list in Python", 1.0, 0.0),
            ("Which treaty ended the Thirty Years' War in Europe?", 0.0, 1.0),
            ("Who was the first emperor of the Roman Empire?", 0.0, 1.0),
        ]
        var rows: [QualityRow] = []
        var rng = 12345 as UInt64
        for i in 0..<count {
            let (text, coder, historian) = topics[i % topics.count]
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let flip = (rng >> 60) == 0  // about 1 in 16 labels flipped
            rows.append(QualityRow(
                prompt: "\(text) (variant \(i))", dataset: "synthetic", source: "synthetic.csv", line: i + 2,
                correct: ["coder": flip ? 1 - coder : coder, "historian": historian],
                cost: ["coder": 0.001, "historian": 0.01]))
        }
        return QualityDataset(file: "synthetic.csv", format: .routerBench, models: ["coder", "historian"], rows: rows, droppedContaminated: 0)
    }

    static func quickOptions() -> QualityTrainer.Options {
        var o = QualityTrainer.Options()
        o.lambdas = [1e-3]
        o.folds = 2
        o.maxIterations = 60
        o.date = "2026-01-01"
        return o
    }

    @Test func learnsWhichModelSuitsWhichPrompt() async throws {
        let data = Self.synthetic(), options = Self.quickOptions()
        let (model, report) = try await OffPool.run { try QualityTrainer.train(datasets: [data], holdout: 0.2, seed: 42, options: options) }
        let code = model.datasetProbabilities(prompt: "Write a Python function that sorts a list", models: ["coder", "historian"])
        let past = model.datasetProbabilities(prompt: "Who won the battle of Hastings in the Roman era?", models: ["coder", "historian"])
        #expect(code[0]! > 0.7 && code[1]! < 0.3)
        #expect(past[0]! < 0.3 && past[1]! > 0.7)
        #expect(model.datasetProbabilities(prompt: "x", models: ["unknown"]) == [nil])
        // Held out 20% of the file with the fixed seed, and said so.
        #expect(report.heldOutRows == 48 && report.trainRows == 192)
        #expect(report.split.contains("held out 20% of the rows of each file (seed 42"))
        #expect(model.training.heldOutRows == 48)
        // Neither synthetic model is a stand-in for a catalog model: both are named in warnings.
        #expect(report.unmappedDatasetModels == ["coder", "historian"])
        #expect(report.warnings.contains { $0.contains("'coder' has no catalog mapping") })
    }

    @Test func trainingIsDeterministic() async throws {
        let data = try QualityDataReader.read(file: try RoutingData.directory() + "/routerbench-mbpp_train.csv")
        let options = Self.quickOptions()
        let (a, ra) = try await OffPool.run { try QualityTrainer.train(datasets: [data], holdout: 0.2, seed: 42, options: options) }
        let (b, rb) = try await OffPool.run { try QualityTrainer.train(datasets: [data], holdout: 0.2, seed: 42, options: options) }
        #expect(a.curves == b.curves)
        #expect(a.policy == b.policy)
        #expect(a.jsonData() == b.jsonData())
        #expect(ra.crossValidation == rb.crossValidation)
        // Another seed holds out other rows, so the fit differs.
        let (c, _) = try await OffPool.run { try QualityTrainer.train(datasets: [data], holdout: 0.2, seed: 7, options: options) }
        #expect(c.curves != a.curves)
    }

    @Test func splitHoldsOutPartOfEachFileReproducibly() throws {
        let d = Self.synthetic(rows: 101)
        let s1 = QualitySplit.split(d, holdout: 0.2, seed: 42)
        let s2 = QualitySplit.split(d, holdout: 0.2, seed: 42)
        #expect(s1.heldOut.count == 20 && s1.train.count == 81)
        #expect(s1.heldOut == s2.heldOut)
        #expect(Set(s1.heldOut.map(\.line)).isDisjoint(with: s1.train.map(\.line)))
        #expect(QualitySplit.split(d, holdout: 0.2, seed: 43).heldOut != s1.heldOut)
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let (model, _) = try QualityTrainer.train(datasets: [Self.synthetic()], holdout: 0.2, seed: 1, options: Self.quickOptions())
        let path = NSTemporaryDirectory() + "foundry-quality-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.write(to: path)
        let loaded = try LearnedQualityModel.load(path: path)
        #expect(loaded.curves == model.curves)
        #expect(loaded.datasetProbabilities(prompt: "Write Python code", models: ["coder"])
            == model.datasetProbabilities(prompt: "Write Python code", models: ["coder"]))
    }

    @Test func unreadableModelFileIsNamed() throws {
        let error = #expect(throws: FoundryError.self) { try LearnedQualityModel.load(path: "/nonexistent/model.json") }
        #expect(error?.message == "cannot open '/nonexistent/model.json': no such file or not readable")
    }

    @Test func badHoldoutIsAUsageError() throws {
        let error = #expect(throws: FoundryError.self) {
            try QualityTrainer.train(datasets: [Self.synthetic()], holdout: 1.5, seed: 42, options: Self.quickOptions())
        }
        #expect(error?.exitCode == ExitStatus.usage)
    }
}
