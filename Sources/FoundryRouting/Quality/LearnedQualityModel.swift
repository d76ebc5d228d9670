import Foundation
import FoundryCore

/// The learned quality model: for each dataset model, a logistic regression over hashed prompt
/// features giving the probability that it answers the prompt correctly; a mapping that lets
/// those curves stand in for catalog models; constant priors for the rest; the policy bands
/// tuned with it; and a description of the data it was trained on.
public struct LearnedQualityModel: QualityPredictor, Codable, Sendable {
    public static let currentFormat = 1

    public var format: Int
    /// A short description for explanations, e.g. "learned v1 (RouterBench+RouteLLM, 2026-11-21)".
    public var version: String
    public var features: QualityFeatureConfig
    public var curves: [Curve]
    public var catalog: QualityCatalogMapping
    public var policy: PolicyBands
    public var training: TrainingDescription

    /// One dataset model's learned curve.
    public struct Curve: Codable, Sendable, Equatable {
        /// The dataset's name for the model, e.g. "gpt-4-1106-preview".
        public var name: String
        /// Other names the same model has in other datasets (RouteLLM's
        /// "mistralai/Mixtral-8x7B-Instruct-v0.1" is RouterBench's "mistralai/mixtral-8x7b-chat").
        public var aliases: [String]
        public var bias: Double
        /// One weight per feature (`features.dimension`), stored as little-endian Float32 in base64.
        public var weights: [Float]
        public var trainRows: Int
        public var positiveRate: Double

        enum CodingKeys: String, CodingKey {
            case name, aliases, bias
            case weights = "weights_f32le_base64", trainRows = "train_rows", positiveRate = "positive_rate"
        }

        public init(name: String, aliases: [String], bias: Double, weights: [Float], trainRows: Int, positiveRate: Double) {
            self.name = name
            self.aliases = aliases
            self.bias = bias
            self.weights = weights
            self.trainRows = trainRows
            self.positiveRate = positiveRate
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
            bias = try c.decode(Double.self, forKey: .bias)
            trainRows = try c.decode(Int.self, forKey: .trainRows)
            positiveRate = try c.decode(Double.self, forKey: .positiveRate)
            let text = try c.decode(String.self, forKey: .weights)
            guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
                throw DecodingError.dataCorruptedError(forKey: .weights, in: c, debugDescription: "not base64 of Float32 values")
            }
            weights = data.withUnsafeBytes { raw in
                (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(aliases, forKey: .aliases)
            try c.encode(bias, forKey: .bias)
            try c.encode(trainRows, forKey: .trainRows)
            try c.encode(positiveRate, forKey: .positiveRate)
            var data = Data(capacity: weights.count * 4)
            for w in weights { withUnsafeBytes(of: w.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            try c.encode(data.base64EncodedString(), forKey: .weights)
        }
    }

    /// The quality bands of the routing preferences, in probability points: `balanced` picks the
    /// cheapest model whose predicted probability is within `balanced` of the best, `cost` within
    /// `cost`; `quality` takes the best.
    public struct PolicyBands: Codable, Sendable, Equatable {
        public var balanced: Double
        public var cost: Double
        /// How the bands were chosen.
        public var rule: String

        public init(balanced: Double, cost: Double, rule: String) {
            self.balanced = balanced
            self.cost = cost
            self.rule = rule
        }
    }

    /// What the model was trained on.
    public struct TrainingDescription: Codable, Sendable, Equatable {
        public var data: [String]
        public var trainRows: Int
        public var heldOutRows: Int
        public var holdout: Double
        public var seed: UInt64
        public var split: String
        public var lambda: Double
        public var date: String

        enum CodingKeys: String, CodingKey {
            case data, holdout, seed, split, lambda, date
            case trainRows = "train_rows", heldOutRows = "held_out_rows"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, version, features, curves, catalog, policy, training
    }

    // MARK: - Lookup

    /// The curve index for a dataset model name or alias.
    public func curveIndex(_ name: String) -> Int? {
        curves.firstIndex { $0.name == name || $0.aliases.contains(name) }
    }

    /// The dataset models this model has curves for.
    public var datasetModels: [String] { curves.map(\.name) }

    // MARK: - Prediction

    /// Logits of the curves at `indices` for `prompt`, computed from one feature extraction.
    package func logits(prompt: String, indices: [Int]) -> [Double] {
        guard !indices.isEmpty else { return [] }
        return QualityFeatures.withScratch(config: features) { dense, touched, _ in
            let active = QualityFeatures.extract(prompt, config: features, dense: dense, touched: touched)
            return indices.map { ci in
                let curve = curves[ci]
                return curve.weights.withUnsafeBufferPointer { w in
                    var z = curve.bias
                    for k in 0..<active {
                        let j = Int(touched[k])
                        z += Double(w[j] * dense[j])
                    }
                    return z
                }
            }
        }
    }

    /// The probability that each named dataset model answers `prompt` correctly (nil for a name
    /// with no curve). Used by the offline replay, which decides among the dataset's own models.
    public func datasetProbabilities(prompt: String, models: [String]) -> [Double?] {
        let indices = models.map { curveIndex($0) }
        let present = indices.compactMap { $0 }
        let z = logits(prompt: prompt, indices: present)
        var k = 0
        return indices.map { index in
            guard index != nil else { return nil }
            defer { k += 1 }
            return sigmoid(z[k])
        }
    }

    public func predict(prompt: String, models: [CatalogEntry]) -> [String: QualityEstimate] {
        var result: [String: QualityEstimate] = [:]
        result.reserveCapacity(models.count)
        // Resolve every entry first so that the features are extracted once, and only if needed.
        var needed: [Int] = []
        var resolved: [(id: String, curve: Int?, offset: Double, prior: Double)] = []
        resolved.reserveCapacity(models.count)
        for entry in models {
            switch catalog.resolve(id: entry.id, model: entry.model) {
            case .learned(let m):
                if let ci = curveIndex(m.standIn) {
                    if !needed.contains(ci) { needed.append(ci) }
                    resolved.append((entry.id, ci, m.offset, m.mmluEquivalent))
                } else {
                    resolved.append((entry.id, nil, 0, m.mmluEquivalent))
                }
            case .prior(let p):
                resolved.append((entry.id, nil, 0, p.probability))
            }
        }
        let z = logits(prompt: prompt, indices: needed)
        for r in resolved {
            if let ci = r.curve, let k = needed.firstIndex(of: ci) {
                result[r.id] = QualityEstimate(probability: sigmoid(z[k] + r.offset), source: "learned")
            } else {
                result[r.id] = QualityEstimate(probability: r.prior, source: "prior")
            }
        }
        return result
    }

    @inline(__always) package func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    // MARK: - Loading and saving

    /// The default model shipped in the package (trained on ../shared/data/routing; see
    /// docs/quality-model.md). Nil only if the package was built with an empty placeholder.
    public static let shipped: LearnedQualityModel? = try? decode(Data(PackageResources.quality_model_json), source: "the built-in quality model")

    /// Reads a model file written by `write(to:)` or `foundry route train`.
    public static func load(path: String) throws -> LearnedQualityModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FoundryError.failure("cannot open '\(path)': no such file or not readable")
        }
        return try decode(data, source: path)
    }

    package static func decode(_ data: Data, source: String) throws -> LearnedQualityModel {
        let model: LearnedQualityModel
        do { model = try JSONDecoder().decode(LearnedQualityModel.self, from: data) } catch {
            throw FoundryError.failure("\(source): not a quality model: \(JSONCoding.describe(error))")
        }
        guard model.format == currentFormat else {
            throw FoundryError.failure("\(source): quality model format \(model.format) is not supported (expected \(currentFormat))")
        }
        let f = model.features
        for (name, value, range) in [("word_buckets", f.wordBuckets, 1...(1 << 24)), ("char_buckets", f.charBuckets, 1...(1 << 24)),
                                     ("char_n", f.charN, 1...8), ("max_bytes", f.maxBytes, 1...(1 << 24))] where !range.contains(value) {
            throw FoundryError.failure("\(source): features.\(name) is \(value), expected \(range.lowerBound) to \(range.upperBound)")
        }
        for curve in model.curves where curve.weights.count != model.features.dimension {
            throw FoundryError.failure(
                "\(source): curve '\(curve.name)' has \(curve.weights.count) weights, expected \(model.features.dimension)")
        }
        return model
    }

    /// The model as pretty, key-sorted JSON.
    public func jsonData() -> Data { JSONCoding.data(self, pretty: true) }

    public func write(to path: String) throws {
        do { try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw FoundryError.failure("cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
