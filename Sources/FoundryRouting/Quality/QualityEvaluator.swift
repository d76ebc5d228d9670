import Foundation
import FoundryCore

/// Offline replay (`foundry route eval`): for each prompt the policies choose among the dataset's
/// own models using predicted probabilities, and the dataset says whether the chosen model was
/// right and what it cost.
///
/// - `quality`: the model with the highest predicted probability (ties: the cheaper).
/// - `balanced` / `cost`: the cheapest model (by expected cost, see `QualityCostModel`) whose
///   predicted probability is within the band of the best; `cost` uses a wider band.
/// - sweep: the same rule for every band in `sweepBands` (0 = quality … 1 = always cheapest).
/// Baselines: every single model; always-cheapest; random at matched cost (each prompt goes to
/// the best single model with probability α and to the cheapest model otherwise, α chosen so the
/// expected cost equals the balanced policy's; its expected accuracy is reported); and the
/// oracle (the cheapest correct model, or the cheapest model when none is correct).
/// A model with no correctness value for a prompt counts as wrong on it; prompts where no model
/// of the pool has a value are left out and counted.
public enum QualityEvaluator {
    public static let sweepBands: [Double] = [0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0]

    public static let randomBaselineDescription =
        "random at matched cost: each prompt goes to the best single model with probability α, else to the cheapest model; α makes the expected cost equal the balanced policy's; expected accuracy reported"

    /// Rows grouped by the models they have correctness for, in first-seen order; files with the
    /// same models (the three RouterBench files; the RouteLLM MMLU files) form one group.
    public static func groups(_ rows: [QualityRow]) -> [(models: [String], rows: [QualityRow])] {
        // Distinct model sets, largest first; a set covered by a larger one joins it (RouterBench
        // ARC rows with a missing cell join the eleven-model group).
        let keys = Set(rows.map { $0.correct.keys.sorted() }).filter { !$0.isEmpty }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        var groupModels: [[String]] = []
        var groupOf: [[String]: Int] = [:]
        for key in keys {
            if let g = groupModels.firstIndex(where: { Set($0).isSuperset(of: key) }) {
                groupOf[key] = g
            } else {
                groupOf[key] = groupModels.count
                groupModels.append(key)
            }
        }
        var grouped = [[QualityRow]](repeating: [], count: groupModels.count)
        for row in rows {
            let key = row.correct.keys.sorted()
            if let g = groupOf[key] { grouped[g].append(row) }
        }
        return zip(groupModels, grouped).map { ($0, $1) }.sorted { $0.1.count > $1.1.count }
    }

    /// Evaluates `rows` over the pool `models` with `probabilities[i][j]` = predicted probability
    /// that `models[j]` answers `rows[i]` correctly.
    public static func evaluate(
        rows allRows: [QualityRow], models: [String], probabilities allProbabilities: [[Double]],
        costs: QualityCostModel, bands: LearnedQualityModel.PolicyBands,
        label: String, heldOut: String? = nil
    ) -> QualityEvaluation {
        precondition(allRows.count == allProbabilities.count)
        let m = models.count
        var rows: [QualityRow] = [], probabilities: [[Double]] = []
        for (row, p) in zip(allRows, allProbabilities) where models.contains(where: { row.correct[$0] != nil }) {
            rows.append(row); probabilities.append(p)
        }
        let n = rows.count
        let excluded = allRows.count - n
        let y = rows.map { row in models.map { row.correct[$0] ?? 0 } }
        let expected = rows.map { row in models.map { costs.expected(row, $0) } }
        let actual = rows.map { row in models.map { costs.actual(row, $0) } }
        let denominator = Double(max(n, 1))

        func run(_ pick: (Int) -> Int) -> (accuracy: Double, cost: Double, strongShare: [Int]) {
            var correct = 0.0, cost = 0.0
            var counts = [Int](repeating: 0, count: m)
            for i in 0..<n {
                let j = pick(i)
                correct += y[i][j]; cost += actual[i][j]; counts[j] += 1
            }
            return (correct / denominator, cost, counts)
        }
        func choose(_ i: Int, band: Double) -> Int {
            let p = probabilities[i]
            let best = p.max() ?? 0
            var chosen = -1
            for j in 0..<m where p[j] >= best - band - 1e-12 {
                if chosen < 0 || expected[i][j] < expected[i][chosen]
                    || (expected[i][j] == expected[i][chosen] && p[j] > p[chosen]) { chosen = j }
            }
            return max(chosen, 0)
        }

        // Single models and always-cheapest.
        var singles: [QualityEvaluation.Score] = []
        for j in 0..<m {
            let r = run { _ in j }
            singles.append(.init(name: models[j], accuracy: r.accuracy, costUSD: r.cost))
        }
        let best = singles.indices.max { a, b in
            singles[a].accuracy != singles[b].accuracy ? singles[a].accuracy < singles[b].accuracy : singles[a].costUSD > singles[b].costUSD
        } ?? 0
        let cheapest = run { i in (0..<m).min { expected[i][$0] < expected[i][$1] } ?? 0 }
        func randomAccuracy(atCost c: Double) -> Double {
            let lo = cheapest, hi = singles[best]
            guard hi.costUSD > lo.cost else { return max(lo.accuracy, hi.accuracy) }
            let alpha = min(max((c - lo.cost) / (hi.costUSD - lo.cost), 0), 1)
            return lo.accuracy + alpha * (hi.accuracy - lo.accuracy)
        }

        let quality = run { choose($0, band: 0) }
        let balanced = run { choose($0, band: bands.balanced) }
        let costly = run { choose($0, band: bands.cost) }
        let policies: [QualityEvaluation.Score] = [
            .init(name: "quality", accuracy: quality.accuracy, costUSD: quality.cost, band: 0),
            .init(name: "balanced", accuracy: balanced.accuracy, costUSD: balanced.cost, band: bands.balanced),
            .init(name: "cost", accuracy: costly.accuracy, costUSD: costly.cost, band: bands.cost),
        ]
        var baselines = singles
        baselines.append(.init(name: "always-cheapest", accuracy: cheapest.accuracy, costUSD: cheapest.cost))
        baselines.append(.init(name: "random-at-matched-cost", accuracy: randomAccuracy(atCost: balanced.cost), costUSD: balanced.cost))

        let curve = sweepBands.map { band -> QualityEvaluation.CurvePoint in
            let r = run { choose($0, band: band) }
            return .init(band: band, accuracy: r.accuracy, costUSD: r.cost, randomAccuracyAtCost: randomAccuracy(atCost: r.cost))
        }

        // Oracle: the cheapest among the most correct models.
        var oracleCorrect = 0.0, oracleCost = 0.0
        for i in 0..<n {
            let top = y[i].max() ?? 0
            let j = (0..<m).filter { y[i][$0] == top }.min { actual[i][$0] < actual[i][$1] } ?? 0
            oracleCorrect += top; oracleCost += actual[i][j]
        }

        let bestScore = singles[best]
        return QualityEvaluation(
            label: label, prompts: n, policies: policies, baselines: baselines,
            oracle: .init(accuracy: oracleCorrect / denominator, costUSD: oracleCost),
            models: models, bestSingle: bestScore.name,
            balancedCostRatio: bestScore.costUSD > 0 ? balanced.cost / bestScore.costUSD : 0,
            balancedAccuracyGain: balanced.accuracy - bestScore.accuracy,
            curve: curve,
            apgr: m == 2 ? apgr(y: y, probabilities: probabilities, expected: expected, models: models) : nil,
            heldOut: heldOut, costBasis: QualityCostModel.describe(rows),
            randomBaseline: randomBaselineDescription, excludedPrompts: excluded)
    }

    /// RouteLLM's APGR (Ong et al. 2024; routellm/evals/evaluate.py): the router scores each prompt
    /// (here: predicted probability of the strong model minus that of the weak one); thresholds at
    /// the 11 quantiles of the scores give 11 routings from 100% to 0% strong-model calls; the
    /// area under accuracy over the share of strong calls, minus the weak model's area, divided by
    /// the strong–weak gap's area. 0.5 is what random routing gets; 1 recovers the whole gap at
    /// every share.
    package static func apgr(y: [[Double]], probabilities: [[Double]], expected: [[Double]], models: [String]) -> QualityEvaluation.APGR? {
        let n = y.count
        guard n > 1 else { return nil }
        // The strong model is the dearer one (GPT-4 in RouteLLM's pair).
        let meanCost = (0..<2).map { j in expected.reduce(0) { $0 + $1[j] } }
        let s = meanCost[0] >= meanCost[1] ? 0 : 1, w = 1 - s
        let strongAccuracy = y.reduce(0) { $0 + $1[s] } / Double(n)
        let weakAccuracy = y.reduce(0) { $0 + $1[w] } / Double(n)
        guard strongAccuracy > weakAccuracy else { return nil }
        let scores = probabilities.map { $0[s] - $0[w] }
        let sorted = scores.sorted()
        func quantile(_ q: Double) -> Double {
            let h = q * Double(n - 1)
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, n - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        var points: [(Double, Double)] = []
        for k in 0...10 {
            let t = quantile(Double(k) / 10)
            var strongCalls = 0, correct = 0.0
            for i in 0..<n {
                let toStrong = k < 10 ? scores[i] >= t : scores[i] > t
                if toStrong { strongCalls += 1 }
                correct += toStrong ? y[i][s] : y[i][w]
            }
            points.append((Double(strongCalls) / Double(n), correct / Double(n)))
        }
        points.sort { $0.0 < $1.0 }
        var area = 0.0
        for k in 1..<points.count {
            area += (points[k].0 - points[k - 1].0) * (points[k].1 + points[k - 1].1) / 2
        }
        let width = points.last!.0 - points.first!.0
        guard width > 0 else { return nil }
        let value = (area - weakAccuracy * width) / ((strongAccuracy - weakAccuracy) * width)
        return .init(
            value: value, strong: models[s], weak: models[w], strongAccuracy: strongAccuracy, weakAccuracy: weakAccuracy,
            points: points.map { [$0.0, $0.1] },
            definition: "RouteLLM APGR: area under accuracy vs share of strong-model calls (11 score-quantile thresholds), minus the weak model's area, over the strong-weak gap's area")
    }

    /// Replays `rows` with `model`'s own curves for the dataset models, one evaluation per model
    /// group (see `groups`).
    public static func evaluate(rows: [QualityRow], model: LearnedQualityModel, costs: QualityCostModel,
                                label: String, heldOut: String? = nil) -> [QualityEvaluation] {
        let all = groups(rows)
        return all.map { group in
            let known = group.models.filter { model.curveIndex($0) != nil }
            let probabilities = group.rows.map { row in model.datasetProbabilities(prompt: row.prompt, models: known).map { $0 ?? 0 } }
            let groupLabel = all.count > 1 ? "\(label) [\(poolName(known))]" : label
            return evaluate(rows: group.rows, models: known, probabilities: probabilities, costs: costs,
                            bands: model.policy, label: groupLabel, heldOut: heldOut)
        }
        .enumerated().map { k, evaluation in
            // Prompts with no correctness value at all belong to no group; count them once.
            var e = evaluation
            if k == 0 { e.excludedPrompts += rows.filter { $0.correct.isEmpty }.count }
            return e
        }
    }

    package static func poolName(_ models: [String]) -> String {
        models.count <= 3 ? models.joined(separator: " vs ") : "\(models.count) models"
    }

    /// The held-out replay of `files`: each file is split exactly as `QualityTrainer.train` splits
    /// it (same holdout and seed), expected costs come from the training part, and only the
    /// held-out part is replayed — per file and pooled per model group.
    public static func heldOut(files: [String], model: LearnedQualityModel, holdout: Double = 0.2,
                               seed: UInt64 = 42) throws -> QualityEvaluationReport {
        let datasets = try QualityDataReader.expand(files).map { try QualityDataReader.read(file: $0) }
        var train: [QualityRow] = [], held: [(QualityDataset, [QualityRow])] = []
        for d in datasets {
            let s = QualitySplit.split(d, holdout: holdout, seed: seed)
            train += s.train
            held.append((d, s.heldOut))
        }
        let costs = QualityCostModel(training: train)
        let description = QualitySplit.describe(holdout: holdout, seed: seed) + "; evaluated on the held-out rows only"
        return report(parts: held, model: model, costs: costs, heldOut: description)
    }

    /// Replays every row of `files` (for data the model has not seen at all). Expected costs are
    /// the files' own per-model means.
    public static func all(files: [String], model: LearnedQualityModel) throws -> QualityEvaluationReport {
        let datasets = try QualityDataReader.expand(files).map { try QualityDataReader.read(file: $0) }
        let costs = QualityCostModel(training: datasets.flatMap(\.rows))
        return report(parts: datasets.map { ($0, $0.rows) }, model: model, costs: costs, heldOut: nil)
    }

    package static func report(parts: [(QualityDataset, [QualityRow])], model: LearnedQualityModel, costs: QualityCostModel,
                       heldOut: String?) -> QualityEvaluationReport {
        var perFile: [QualityEvaluation] = []
        for (d, rows) in parts where !rows.isEmpty {
            let name = (d.file as NSString).lastPathComponent
            perFile += evaluate(rows: rows, model: model, costs: costs, label: name, heldOut: heldOut)
        }
        let all = parts.flatMap(\.1)
        let pooled = groups(all).map { group -> QualityEvaluation in
            let files = Set(group.rows.map(\.source)).count
            return evaluate(rows: group.rows, model: model, costs: costs,
                            label: "pooled: \(files) file\(files == 1 ? "" : "s") [\(poolName(group.models))]", heldOut: heldOut)[0]
        }
        return QualityEvaluationReport(files: perFile, pooled: pooled)
    }
}

/// Per-file and pooled replays.
public struct QualityEvaluationReport: Codable, Sendable, Equatable {
    public var files: [QualityEvaluation]
    /// One evaluation per model group (files with the same models pooled together).
    public var pooled: [QualityEvaluation]
}
