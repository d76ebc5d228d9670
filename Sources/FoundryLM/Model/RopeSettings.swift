import FoundryCore

/// Rotary position embedding settings: base frequency and the scaling the metadata names
/// (`rope.scaling.type` none, linear or yarn; llama3-style scaling arrives as the
/// `rope_freqs.weight` tensor of per-dimension factors, read with the weights).
public struct RopeSettings: Sendable, Equatable {
    public enum Scaling: String, Sendable { case none, linear, yarn }

    public var freqBase: Float
    /// 1/factor for linear and YaRN scaling, else 1.
    public var freqScale: Float
    public var scaling: Scaling
    public var extFactor: Float
    public var attnFactor: Float
    public var betaFast: Float
    public var betaSlow: Float
    public var originalContext: Int

    init(keys: MetadataKeys, trainedContext: Int) throws {
        freqBase = Float(try keys.optionalDouble("rope.freq_base") ?? 10000)
        let typeName = keys.optionalString("rope.scaling.type") ?? "none"
        guard let type = Scaling(rawValue: typeName) else {
            throw FoundryError.failure(
                "'\(keys.gguf.path)': \(keys.arch).rope.scaling.type '\(typeName)' is not supported",
                hint: "supported: none, linear, yarn (llama3 scaling comes as rope_freqs.weight)")
        }
        let factor = try keys.optionalDouble("rope.scaling.factor") ?? 0
        // As llama.cpp: the factor scales frequencies whatever the type; YaRN adds the ramp.
        freqScale = factor > 0 ? Float(1 / factor) : 1
        scaling = type
        extFactor = scaling == .yarn ? 1 : 0
        attnFactor = Float(try keys.optionalDouble("rope.scaling.attn_factor") ?? 1)
        betaFast = Float(try keys.optionalDouble("rope.scaling.yarn_beta_fast") ?? 32)
        betaSlow = Float(try keys.optionalDouble("rope.scaling.yarn_beta_slow") ?? 1)
        originalContext = try keys.optionalInt("rope.scaling.original_context_length") ?? trainedContext
    }
}
