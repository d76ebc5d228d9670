import Foundation
import FoundryCore

/// What `foundry bench run` measured for one model file at one thread count.
public struct LocalBenchResult: Encodable, Sendable {
    /// One test (pp or tg) repeated: each repetition's speed in tokens per second.
    public struct Test: Encodable, Sendable {
        public let name: String
        public let tokens: Int
        public let samplesTokS: [Double]
        public let samplesMs: [Double]

        public var medianTokS: Double { Self.median(samplesTokS) }
        public var meanTokS: Double { samplesTokS.isEmpty ? 0 : samplesTokS.reduce(0, +) / Double(samplesTokS.count) }
        public var stddevTokS: Double {
            guard samplesTokS.count > 1 else { return 0 }
            let mean = meanTokS
            return (samplesTokS.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samplesTokS.count - 1)).squareRoot()
        }

        static func median(_ values: [Double]) -> Double { SampleStatistics.median(values) ?? 0 }

        enum CodingKeys: String, CodingKey {
            case name, tokens
            case samplesTokS = "samples_tok_s", samplesMs = "samples_ms"
            case medianTokS = "median_tok_s", meanTokS = "mean_tok_s", stddevTokS = "stddev_tok_s"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(samplesTokS, forKey: .samplesTokS)
            try c.encode(samplesMs, forKey: .samplesMs)
            try c.encode(medianTokS, forKey: .medianTokS)
            try c.encode(meanTokS, forKey: .meanTokS)
            try c.encode(stddevTokS, forKey: .stddevTokS)
        }
    }

    public let model: String
    public let path: String
    public let fileType: String
    public let fileBytes: Int
    public let parameters: Int
    public let kernels: String
    public let threads: Int
    public let contextLength: Int
    /// Opening the file → logits of the first token (mapping, allocation and the first pass).
    public let loadMs: Double
    public let prompt: Test?
    public let generation: Test?
    public let peakRSSBytes: Int?

    enum CodingKeys: String, CodingKey {
        case model, path, threads, kernels, parameters, prompt, generation
        case fileType = "file_type", fileBytes = "file_bytes", contextLength = "context_length"
        case loadMs = "load_ms", peakRSSBytes = "peak_rss_bytes", ppTokS = "pp_tok_s", tgTokS = "tg_tok_s"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(path, forKey: .path)
        try c.encode(fileType, forKey: .fileType)
        try c.encode(fileBytes, forKey: .fileBytes)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(kernels, forKey: .kernels)
        try c.encode(threads, forKey: .threads)
        try c.encode(contextLength, forKey: .contextLength)
        try c.encode(loadMs, forKey: .loadMs)
        try c.encodeIfPresent(prompt?.medianTokS, forKey: .ppTokS)
        try c.encodeIfPresent(generation?.medianTokS, forKey: .tgTokS)
        try c.encodeIfPresent(peakRSSBytes, forKey: .peakRSSBytes)
        try c.encodeIfPresent(prompt, forKey: .prompt)
        try c.encodeIfPresent(generation, forKey: .generation)
    }
}
