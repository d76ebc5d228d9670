import Foundation
import Synchronization
import FoundryCore
import FoundryCatalog

/// Trains the learned quality model (`foundry route train`).
///
/// 1. Reads every file and holds out part of EACH file (`QualitySplit`, fixed seed).
/// 2. Extracts hashed prompt features (`QualityFeatureConfig`) from the training rows.
/// 3. Fits one L2 logistic regression per dataset model on the rows that have its correctness.
/// 4. Tunes on the training split only: `folds`-fold cross-validation chooses λ (lowest mean
///    out-of-fold log-loss over the curves) and the policy bands (from the band sweep on the
///    out-of-fold predictions; rule in `bandRule`). The held-out rows are never looked at.
/// 5. Attaches the catalog mapping and priors, and names the dataset models no catalog model uses.
public enum QualityTrainer {
    public struct Options: Sendable {
        public var features = QualityFeatureConfig()
        /// L2 strengths tried by cross-validation (per-row mean loss + λ/2·‖w‖²).
        public var lambdas: [Double] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
        public var folds = 5
        public var maxIterations = 300
        /// The training date written into the model (YYYY-MM-DD); today (UTC) when nil.
        public var date: String?
        public var mapping = QualityCatalogMapping.builtIn()
        /// The catalog whose models the warnings are about; the embedded catalog when nil.
        public var catalog: Catalog?
        /// Called with one-line progress messages (the CLI shows them on stderr when it is a terminal).
        public var progress: (@Sendable (String) -> Void)?

        public init() {}
    }

    /// Names one model has in different datasets, mapped to the name its curve is stored under.
    public static let aliases: [String: String] = [
        "mistralai/Mixtral-8x7B-Instruct-v0.1": "mistralai/mixtral-8x7b-chat",
    ]

    public static let bandRule =
        "chosen by cross-validation on the training split: balanced = the widest swept band whose out-of-fold accuracy stays within 1 point of the quality policy's in every model group; cost = the widest within 5 points"

    public static func canonical(_ name: String) -> String { aliases[name] ?? name }

    public static func train(files: [String], holdout: Double = 0.2, seed: UInt64 = 42) throws -> (LearnedQualityModel, TrainingReport) {
        try train(files: files, holdout: holdout, seed: seed, options: Options())
    }

    public static func train(files: [String], holdout: Double = 0.2, seed: UInt64 = 42,
                             options: Options) throws -> (LearnedQualityModel, TrainingReport) {
        guard !files.isEmpty else { throw FoundryError.usage("no training data given", hint: "pass one or more CSV files or directories with --data") }
        let paths = try QualityDataReader.expand(files)
        options.progress?("reading \(paths.count) file\(paths.count == 1 ? "" : "s")")
        let datasets = try paths.map { try QualityDataReader.read(file: $0) }
        return try train(datasets: datasets, holdout: holdout, seed: seed, options: options)
    }

    public static func train(datasets: [QualityDataset], holdout: Double, seed: UInt64,
                             options: Options) throws -> (LearnedQualityModel, TrainingReport) {
        guard holdout >= 0, holdout < 1 else {
            throw FoundryError.usage("holdout must be at least 0 and below 1, got \(holdout)")
        }
        guard options.folds >= 2, !options.lambdas.isEmpty else {
            throw FoundryError.usage("cross-validation needs at least 2 folds and one λ")
        }

        // 1. Split.
        var trainRows: [QualityRow] = []
        var fileOfRow: [Int] = []
        var heldOutCount = 0
        var summaries: [TrainingReport.FileSummary] = []
        for (f, d) in datasets.enumerated() {
            let s = QualitySplit.split(d, holdout: holdout, seed: seed)
            trainRows += s.train
            fileOfRow += Array(repeating: f, count: s.train.count)
            heldOutCount += s.heldOut.count
            summaries.append(.init(
                file: d.file, format: d.format.rawValue, models: d.models, rows: d.rows.count,
                trainRows: s.train.count, heldOutRows: s.heldOut.count, droppedContaminated: d.droppedContaminated))
        }
        guard !trainRows.isEmpty else { throw FoundryError.failure("no training rows left after holding out \(holdout)") }

        // 2. Curves and their labelled rows.
        var curveNames: [String] = []
        var curveAliases: [String: Set<String>] = [:]
        for d in datasets {
            for m in d.models {
                let c = canonical(m)
                if !curveNames.contains(c) { curveNames.append(c) }
                if m != c { curveAliases[c, default: []].insert(m) }
            }
        }
        var rowsFor = [[Int]](repeating: [], count: curveNames.count)
        var labelsFor = [[Double]](repeating: [], count: curveNames.count)
        let curveIndex = Dictionary(uniqueKeysWithValues: curveNames.enumerated().map { ($1, $0) })
        for (r, row) in trainRows.enumerated() {
            for (name, value) in row.correct {
                guard let c = curveIndex[canonical(name)] else { continue }
                rowsFor[c].append(r); labelsFor[c].append(value)
            }
        }

        // 3. Features.
        options.progress?("extracting features of \(trainRows.count) training prompts")
        var x = SparseMatrix(columns: options.features.dimension)
        for row in trainRows { x.append(QualityFeatures.sparse(row.prompt, config: options.features)) }

        // 4. Cross-validation on the training split.
        let folds = options.folds
        var fold = [Int](repeating: 0, count: trainRows.count)
        for f in datasets.indices {
            let members = fileOfRow.indices.filter { fileOfRow[$0] == f }
            let order = QualitySplit.permutation(count: members.count, seed: QualitySplit.fileSeed(seed &+ 0x5EED, datasets[f].file))
            for (rank, k) in order.enumerated() { fold[members[k]] = rank % folds }
        }
        let lambdas = options.lambdas
        let tasks = lambdas.count * folds * curveNames.count
        options.progress?("cross-validating \(lambdas.count) λ × \(folds) folds × \(curveNames.count) models (\(tasks) fits)")
        let oof = SharedBuffer(count: lambdas.count * curveNames.count * trainRows.count)
        let xShared = x, rowsShared = rowsFor, labelsShared = labelsFor, foldShared = fold
        let maxIterations = options.maxIterations
        let rowCount = trainRows.count, curveCount = curveNames.count
        let fitsDone = Atomic<Int>(0), progress = options.progress, step = max(1, tasks / 10)
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            defer {
                let done = fitsDone.add(1, ordering: .relaxed).newValue
                if done % step == 0 || done == tasks { progress?("cross-validating: \(done) of \(tasks) fits done") }
            }
            let c = t % curveCount, f = (t / curveCount) % folds, l = t / (curveCount * folds)
            var rows: [Int] = [], labels: [Double] = []
            for (k, r) in rowsShared[c].enumerated() where foldShared[r] != f {
                rows.append(r); labels.append(labelsShared[c][k])
            }
            let base = (l * curveCount + c) * rowCount
            guard !rows.isEmpty else { return }
            let fit = LogisticRegression.fit(xShared, rows: rows, labels: labels, lambda: lambdas[l], maxIterations: maxIterations)
            fit.weights.withUnsafeBufferPointer { w in
                for r in 0..<rowCount where foldShared[r] == f {
                    oof[base + r] = fit.bias + xShared.dot(r, w)
                }
            }
        }
        var candidates: [[Double]] = []
        var bestLambda = 0, bestLoss = Double.infinity
        var cvLoss = [[Double?]](repeating: [Double?](repeating: nil, count: curveNames.count), count: lambdas.count)
        for l in lambdas.indices {
            var total = 0.0, used = 0
            for c in 0..<curveCount where !rowsFor[c].isEmpty {
                var loss = 0.0
                for (k, r) in rowsFor[c].enumerated() {
                    loss += logLoss(z: oof[(l * curveCount + c) * rowCount + r], y: labelsFor[c][k])
                }
                let mean = loss / Double(rowsFor[c].count)
                cvLoss[l][c] = mean
                total += mean; used += 1
            }
            let mean = total / Double(max(used, 1))
            candidates.append([lambdas[l], mean])
            if mean < bestLoss { bestLoss = mean; bestLambda = l }
        }
        let lambda = lambdas[bestLambda]

        // Bands from the out-of-fold predictions at the chosen λ.
        let costs = QualityCostModel(training: trainRows)
        var indexOf: [String: Int] = [:]
        for (r, row) in trainRows.enumerated() { indexOf["\(row.source)#\(row.line)"] = r }
        let placeholder = LearnedQualityModel.PolicyBands(balanced: 0, cost: 0, rule: bandRule)
        let cv = QualityEvaluator.groups(trainRows).map { group -> QualityEvaluation in
            let models = group.models.filter { curveIndex[canonical($0)] != nil }
            let probabilities = group.rows.map { row -> [Double] in
                let r = indexOf["\(row.source)#\(row.line)"]!
                return models.map { sigmoid(oof[(bestLambda * curveCount + curveIndex[canonical($0)]!) * rowCount + r]) }
            }
            return QualityEvaluator.evaluate(
                rows: group.rows, models: models, probabilities: probabilities, costs: costs, bands: placeholder,
                label: "cross-validation: out-of-fold predictions on the training split [\(QualityEvaluator.poolName(models))]")
        }
        func widestBand(withinLoss loss: Double) -> Double {
            var chosen = 0.0
            for band in QualityEvaluator.sweepBands {
                let ok = cv.allSatisfy { e in
                    let quality = e.curve.first { $0.band == 0 }!.accuracy
                    return e.curve.first { $0.band == band }!.accuracy >= quality - loss - 1e-12
                }
                if ok { chosen = band }
            }
            return chosen
        }
        let bands = LearnedQualityModel.PolicyBands(balanced: widestBand(withinLoss: 0.01), cost: widestBand(withinLoss: 0.05), rule: bandRule)
        let crossValidation = cv.map { e -> QualityEvaluation in
            var e = e
            let quality = e.policies[0]
            let balanced = e.curve.first { $0.band == bands.balanced }!, costly = e.curve.first { $0.band == bands.cost }!
            e.policies = [
                quality,
                .init(name: "balanced", accuracy: balanced.accuracy, costUSD: balanced.costUSD, band: bands.balanced),
                .init(name: "cost", accuracy: costly.accuracy, costUSD: costly.costUSD, band: bands.cost),
            ]
            if let best = e.baselines.first(where: { $0.name == e.bestSingle }), best.costUSD > 0 {
                e.balancedCostRatio = balanced.costUSD / best.costUSD
                e.balancedAccuracyGain = balanced.accuracy - best.accuracy
            }
            return e
        }

        // 5. Final fits on the whole training split.
        options.progress?("fitting \(curveCount) models on \(rowCount) training prompts (λ = \(lambda))")
        let fits = FitBox(count: curveCount)
        DispatchQueue.concurrentPerform(iterations: curveCount) { c in
            guard !rowsShared[c].isEmpty else { return }
            fits.set(c, LogisticRegression.fit(xShared, rows: rowsShared[c], labels: labelsShared[c], lambda: lambda, maxIterations: maxIterations))
        }
        var curves: [LearnedQualityModel.Curve] = []
        var curveSummaries: [TrainingReport.CurveSummary] = []
        for c in 0..<curveCount {
            guard let fit = fits.get(c) else { continue }
            let positive = labelsFor[c].reduce(0, +) / Double(labelsFor[c].count)
            let aliases = (curveAliases[curveNames[c]] ?? []).sorted()
            curves.append(.init(name: curveNames[c], aliases: aliases, bias: fit.bias, weights: fit.weights.map { Float($0) },
                                trainRows: rowsFor[c].count, positiveRate: positive))
            curveSummaries.append(.init(name: curveNames[c], aliases: aliases, trainRows: rowsFor[c].count, positiveRate: positive,
                                        trainLogLoss: fit.logLoss, cvLogLoss: cvLoss[bestLambda][c],
                                        iterations: fit.iterations))
        }

        // 6. Mapping, warnings, description.
        let catalog = options.catalog ?? Catalog.embedded()
        var usedStandIns: Set<String> = []
        var withoutScore: [String] = []
        for entry in catalog.entries {
            switch options.mapping.resolve(id: entry.id, model: entry.model) {
            case .learned(let m): usedStandIns.insert(m.standIn)
            case .prior(let p): if p == options.mapping.defaultPrior { withoutScore.append(entry.id) }
            }
        }
        let unmapped = curveNames.filter { !usedStandIns.contains($0) }
        var warnings = unmapped.map {
            "dataset model '\($0)' has no catalog mapping: no catalog model uses its learned curve (it serves route eval only)"
        }
        if !withoutScore.isEmpty {
            warnings.append("catalog models with no benchmark score use the neutral prior \(options.mapping.defaultPrior.probability): \(withoutScore.joined(separator: ", "))")
        }
        let date = options.date ?? today()
        var families: [String] = []
        if datasets.contains(where: { $0.format == .routerBench }) { families.append("RouterBench") }
        if datasets.contains(where: { $0.format == .correctnessOnly }) { families.append("RouteLLM") }
        let split = QualitySplit.describe(holdout: holdout, seed: seed)
        let model = LearnedQualityModel(
            format: LearnedQualityModel.currentFormat,
            version: "learned v1 (\(families.joined(separator: "+")), \(date))",
            features: options.features, curves: curves, catalog: options.mapping, policy: bands,
            training: .init(
                data: summaries.map { "\(($0.file as NSString).lastPathComponent): \($0.trainRows) training rows of \($0.rows)" },
                trainRows: trainRows.count, heldOutRows: heldOutCount, holdout: holdout, seed: seed, split: split,
                lambda: lambda, date: date))
        let report = TrainingReport(
            files: summaries, holdout: holdout, seed: seed, split: split, trainRows: trainRows.count, heldOutRows: heldOutCount,
            curves: curveSummaries, lambda: lambda, lambdaCandidates: candidates, folds: folds, bands: bands,
            crossValidation: crossValidation, unmappedDatasetModels: unmapped, catalogModelsWithoutScore: withoutScore,
            warnings: warnings, date: date)
        return (model, report)
    }

    package static func logLoss(z: Double, y: Double) -> Double {
        let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
        return softplus - y * z
    }

    package static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    package static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}

/// A buffer that concurrent tasks write at disjoint indices.
package final class SharedBuffer: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Double>
    package init(count: Int) {
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: 0)
    }
    deinit { storage.deallocate() }
    package subscript(i: Int) -> Double {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}

/// Results of concurrent fits, one slot per model.
package final class FitBox: @unchecked Sendable {
    private var fits: [LogisticRegression.Fit?]
    private let lock = NSLock()
    package init(count: Int) { fits = Array(repeating: nil, count: count) }
    package func set(_ i: Int, _ fit: LogisticRegression.Fit) { lock.lock(); fits[i] = fit; lock.unlock() }
    package func get(_ i: Int) -> LogisticRegression.Fit? { lock.lock(); defer { lock.unlock() }; return fits[i] }
}
