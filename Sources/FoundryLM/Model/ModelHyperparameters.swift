import FoundryCore
import FoundryGGUF

/// The shape and numeric settings of a llama-family model, read from GGUF metadata the way
/// llama.cpp reads them (`{arch}.embedding_length`, `{arch}.attention.key_length`, …).
public struct ModelHyperparameters: Sendable, Equatable {
    public static let supportedArchitectures = ["llama", "mistral3"]

    public var architecture: String
    public var embeddingLength: Int
    public var blockCount: Int
    public var feedForwardLength: Int
    public var headCount: Int
    public var headCountKV: Int
    public var keyLength: Int
    public var valueLength: Int
    public var ropeDimensions: Int
    public var trainedContextLength: Int
    public var rmsEpsilon: Float
    public var rope: RopeSettings
    /// Sliding-window attention span in tokens; 0 when every token sees the whole context.
    public var slidingWindow: Int
    /// 1/sqrt(key_length) unless the metadata sets `attention.scale`.
    public var attentionScale: Float
    /// Llama-4-style query temperature (mistral3): scale and floor length; 0 when off.
    public var attentionTemperatureScale: Float
    public var attentionTemperatureLength: Int

    public init(gguf: GGUFFile) throws {
        let file = gguf.path
        guard let arch = gguf.architecture else {
            throw FoundryError.failure("'\(file)' has no general.architecture: not a model file (a vocabulary-only GGUF?)")
        }
        guard Self.supportedArchitectures.contains(arch) else {
            throw FoundryError.failure(
                "'\(file)': model architecture '\(arch)' is not supported",
                hint: "foundry run supports \(Self.supportedArchitectures.joined(separator: ", "))")
        }
        let keys = MetadataKeys(gguf: gguf, arch: arch)
        architecture = arch
        embeddingLength = try keys.int("embedding_length")
        blockCount = try keys.int("block_count")
        feedForwardLength = try keys.int("feed_forward_length")
        headCount = try keys.int("attention.head_count")
        headCountKV = try keys.optionalInt("attention.head_count_kv") ?? headCount
        keyLength = try keys.optionalInt("attention.key_length") ?? embeddingLength / max(headCount, 1)
        valueLength = try keys.optionalInt("attention.value_length") ?? keyLength
        ropeDimensions = try keys.optionalInt("rope.dimension_count") ?? keyLength
        trainedContextLength = try keys.optionalInt("context_length") ?? 2048
        rmsEpsilon = Float(try keys.optionalDouble("attention.layer_norm_rms_epsilon") ?? 1e-5)
        rope = try RopeSettings(keys: keys, trainedContext: trainedContextLength)
        slidingWindow = try keys.optionalInt("attention.sliding_window") ?? 0
        let scale = try keys.optionalDouble("attention.scale") ?? 0
        attentionScale = scale != 0 ? Float(scale) : 1 / Float(keyLength).squareRoot()
        attentionTemperatureScale = Float(try keys.optionalDouble("attention.temperature_scale") ?? 0)
        attentionTemperatureLength = try keys.optionalInt("attention.temperature_length") ?? 0
        try validate(file: file)
    }

    private func validate(file: String) throws {
        func bad(_ what: String) -> FoundryError { FoundryError.failure("'\(file)': \(what)") }
        let limits: [(String, Int, Int)] = [
            ("embedding_length", embeddingLength, 1 << 17), ("block_count", blockCount, 1024),
            ("feed_forward_length", feedForwardLength, 1 << 20), ("attention.head_count", headCount, 1024),
            ("attention.head_count_kv", headCountKV, 1024), ("attention.key_length", keyLength, 4096),
            ("attention.value_length", valueLength, 4096),
        ]
        for (name, value, limit) in limits where value < 1 || value > limit {
            throw bad("\(architecture).\(name) = \(value) is out of range (1…\(limit))")
        }
        guard headCount % headCountKV == 0 else {
            throw bad("attention.head_count (\(headCount)) is not a multiple of attention.head_count_kv (\(headCountKV))")
        }
        guard ropeDimensions > 0, ropeDimensions <= keyLength, ropeDimensions % 2 == 0 else {
            throw bad("rope.dimension_count = \(ropeDimensions) must be even and at most the key length \(keyLength)")
        }
    }

    /// Elements of one token's keys (all KV heads) and values.
    public var keyWidth: Int { headCountKV * keyLength }
    public var valueWidth: Int { headCountKV * valueLength }
    public var queryWidth: Int { headCount * keyLength }
}

/// Reads `{arch}.NAME` keys with errors that name the key and the file.
struct MetadataKeys {
    let gguf: GGUFFile
    let arch: String

    func value(_ suffix: String) -> GGUFValue? { gguf.metadata["\(arch).\(suffix)"] }

    func int(_ suffix: String) throws -> Int {
        guard let v = try optionalInt(suffix) else {
            throw FoundryError.failure("'\(gguf.path)' lacks the metadata key \(arch).\(suffix)")
        }
        return v
    }

    /// A number, or the first element of a per-layer array whose elements must all agree.
    func optionalInt(_ suffix: String) throws -> Int? {
        guard let v = value(suffix) else { return nil }
        if let i = v.intValue { return i }
        if let array = v.arrayValue {
            let values = try array.ints()
            guard let first = values.first, values.allSatisfy({ $0 == first }) else {
                throw FoundryError.failure("'\(gguf.path)': \(arch).\(suffix) varies per layer, which foundry run does not support")
            }
            return first
        }
        throw FoundryError.failure("'\(gguf.path)': \(arch).\(suffix) is not a number (\(v.summary))")
    }

    func optionalDouble(_ suffix: String) throws -> Double? {
        guard let v = value(suffix) else { return nil }
        guard let d = v.doubleValue else { throw FoundryError.failure("'\(gguf.path)': \(arch).\(suffix) is not a number (\(v.summary))") }
        return d
    }

    func optionalString(_ suffix: String) -> String? { value(suffix)?.stringValue }
}
