import Foundation
import FoundryCore
import FoundryRoute
import FoundryRouting
import Testing

@Suite("Quality model: offline replay")
struct QualityEvaluationTests {
    /// Four prompts, a cheap and a dear model with known answers and costs.
    static let rows: [QualityRow] = [
        QualityRow(prompt: "p1", dataset: "d", source: "f", line: 2, correct: ["cheap": 1, "dear": 1], cost: ["cheap": 1, "dear": 10]),
        QualityRow(prompt: "p2", dataset: "d", source: "f", line: 3, correct: ["cheap": 0, "dear": 1], cost: ["cheap": 1, "dear": 10]),
        QualityRow(prompt: "p3", dataset: "d", source: "f", line: 4, correct: ["cheap": 1, "dear": 0], cost: ["cheap": 1, "dear": 10]),
        QualityRow(prompt: "p4", dataset: "d", source: "f", line: 5, correct: ["cheap": 0, "dear": 1], cost: ["cheap": 1, "dear": 10]),
    ]
    static let models = ["cheap", "dear"]
    static let bands = LearnedQualityModel.PolicyBands(balanced: 0.1, cost: 0.3, rule: "test")

    func evaluate(_ p: [[Double]]) -> QualityEvaluation {
        QualityEvaluator.evaluate(rows: Self.rows, models: Self.models, probabilities: p,
                                  costs: QualityCostModel(training: Self.rows), bands: Self.bands, label: "test")
    }

    @Test func policiesBaselinesAndOracle() throws {
        // Predictions: p1 both likely (balanced takes cheap), p2 dear clearly better, p3 cheap
        // better, p4 dear slightly better (within the balanced band).
        let e = evaluate([[0.9, 0.95], [0.2, 0.9], [0.8, 0.3], [0.7, 0.75]])
        #expect(e.prompts == 4)
        #expect(e.policy("quality") == .init(name: "quality", accuracy: 1, costUSD: 31, band: 0))  // dear, dear, cheap, dear
        #expect(e.policy("balanced") == .init(name: "balanced", accuracy: 0.75, costUSD: 13, band: 0.1))  // cheap, dear, cheap, cheap
        #expect(e.baseline("dear") == .init(name: "dear", accuracy: 0.75, costUSD: 40))
        #expect(e.baseline("cheap") == .init(name: "cheap", accuracy: 0.5, costUSD: 4))
        #expect(e.baseline("always-cheapest") == .init(name: "always-cheapest", accuracy: 0.5, costUSD: 4))
        // Random at matched cost: α = (13 − 4) / (40 − 4) = 0.25 → 0.5 + 0.25 × 0.25.
        let random = try #require(e.baseline("random-at-matched-cost"))
        #expect(abs(random.accuracy - 0.5625) < 1e-12 && random.costUSD == 13)
        // Oracle: cheap where it is right, dear otherwise; all four answerable.
        #expect(e.oracle == .init(accuracy: 1, costUSD: 22))
        #expect(e.bestSingle == "dear")
        #expect(abs(e.balancedCostRatio - 13.0 / 40) < 1e-12)
        // The sweep runs from quality (band 0) to always-cheapest (band 1).
        #expect(e.curve.first?.costUSD == 31 && e.curve.last?.costUSD == 4)
    }

    @Test func apgrFollowsRouteLLM() throws {
        // A score that ranks exactly the prompts the dear model wins first recovers the whole gap
        // early; the reverse ranking recovers it last.
        let good = evaluate([[0.9, 0.5], [0.1, 0.9], [0.9, 0.1], [0.1, 0.9]]).apgr
        let bad = evaluate([[0.1, 0.9], [0.9, 0.1], [0.1, 0.9], [0.9, 0.1]]).apgr
        #expect(good?.strong == "dear" && good?.weak == "cheap")
        #expect(good!.value > 0.7)
        #expect(bad!.value < 0.5)
        #expect(good!.points.count == 11)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let e = evaluate([[0.9, 0.95], [0.2, 0.9], [0.8, 0.3], [0.7, 0.75]])
        let object = try JSONSerialization.jsonObject(with: JSONCoding.data(e)) as! [String: Any]
        #expect(object["prompts"] as? Int == 4)
        let policies = object["policies"] as! [[String: Any]]
        #expect(policies.map { $0["name"] as! String } == ["quality", "balanced", "cost"])
        #expect(policies.allSatisfy { $0["accuracy"] is Double && $0["cost_usd"] is Double })
        let baselines = object["baselines"] as! [[String: Any]]
        #expect(baselines.allSatisfy { $0["name"] is String && $0["accuracy"] is Double && $0["cost_usd"] is Double })
        let oracle = object["oracle"] as! [String: Any]
        #expect(oracle["accuracy"] as? Double == 1 && oracle["cost_usd"] as? Double == 22)
        #expect(object["curve"] is [[String: Any]] && object["apgr"] is [String: Any])
    }

    @Test func filesWithoutCostsArePricedLikeRouteLLM() throws {
        let row = QualityRow(prompt: String(repeating: "a", count: 400), dataset: "mmlu_x",
                             correct: ["gpt-4-1106-preview": 1, "mistralai/Mixtral-8x7B-Instruct-v0.1": 0])
        let costs = QualityCostModel(training: [row])
        // 400 bytes → 100 input tokens + 1 answer token, at $24.7 and $0.24 per million.
        #expect(abs(costs.actual(row, "gpt-4-1106-preview") - 101 * 24.7e-6) < 1e-15)
        #expect(abs(costs.expected(row, "mistralai/Mixtral-8x7B-Instruct-v0.1") - 101 * 0.24e-6) < 1e-15)
    }
}
