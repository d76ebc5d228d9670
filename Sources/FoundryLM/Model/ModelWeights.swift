import FoundryCore
import FoundryGGUF

/// The tensors of a llama-family model, looked up by llama.cpp's names and checked against
/// the hyperparameters before anything runs.
struct ModelWeights: @unchecked Sendable {
    struct Layer {
        let attentionNorm: [Float]
        let query, key, value, output: WeightMatrix
        let queryBias, keyBias, valueBias, outputBias: [Float]?
        let ffnNorm: [Float]
        let gate, up, down: WeightMatrix
    }

    let tokenEmbedding: WeightMatrix
    let outputNorm: [Float]
    let output: WeightMatrix
    let ropeFactors: [Float]?
    let layers: [Layer]

    /// `pool` repacks the matrices llama.cpp repacks (see WeightMatrix.repacked).
    init(file: GGUFFile, hp: ModelHyperparameters, pool: OpaquePointer) throws {
        var byName: [String: GGUFTensorInfo] = [:]
        for t in file.tensors { byName[t.name] = t }
        let path = file.path

        func info(_ name: String) throws -> GGUFTensorInfo {
            guard let t = byName[name] else { throw FoundryError.failure("'\(path)' lacks the tensor '\(name)'") }
            return t
        }
        func matrix(_ name: String, columns: Int, rows: Int) throws -> WeightMatrix {
            let t = try info(name)
            let m = try WeightMatrix(tensor: t, in: file)
            guard m.columns == columns, m.rows == rows else {
                throw FoundryError.failure("'\(path)': tensor '\(name)' has shape \(t.dimensions), expected [\(columns), \(rows)]")
            }
            return m
        }
        func product(_ name: String, columns: Int, rows: Int) throws -> WeightMatrix {
            try matrix(name, columns: columns, rows: rows).repacked(pool: pool, file: file.storage.mapped)
        }
        func vector(_ name: String, count: Int) throws -> [Float] {
            let m = try matrix(name, columns: count, rows: 1)
            return m.floats()
        }
        func optionalVector(_ name: String, count: Int) throws -> [Float]? {
            byName[name] == nil ? nil : try vector(name, count: count)
        }

        let dim = hp.embeddingLength
        if byName["blk.0.ffn_gate_inp.weight"] != nil {
            throw FoundryError.failure("'\(path)' is a mixture-of-experts model, which foundry run does not support yet")
        }
        let embedding = try info("token_embd.weight")
        guard embedding.dimensions.count == 2 else { throw FoundryError.failure("'\(path)': token_embd.weight is not a matrix") }
        tokenEmbedding = try WeightMatrix(tensor: embedding, in: file)
        guard tokenEmbedding.columns == dim else {
            throw FoundryError.failure("'\(path)': token_embd.weight has \(tokenEmbedding.columns) columns, expected embedding_length \(dim)")
        }
        let vocab = tokenEmbedding.rows
        outputNorm = try vector("output_norm.weight", count: dim)
        output = byName["output.weight"] != nil ? try product("output.weight", columns: dim, rows: vocab)
            : tokenEmbedding.repacked(pool: pool, file: file.storage.mapped)
        ropeFactors = try optionalVector("rope_freqs.weight", count: hp.ropeDimensions / 2)

        var layers: [Layer] = []
        for i in 0..<hp.blockCount {
            let p = "blk.\(i)."
            layers.append(Layer(
                attentionNorm: try vector(p + "attn_norm.weight", count: dim),
                query: try product(p + "attn_q.weight", columns: dim, rows: hp.queryWidth),
                key: try product(p + "attn_k.weight", columns: dim, rows: hp.keyWidth),
                value: try product(p + "attn_v.weight", columns: dim, rows: hp.valueWidth),
                output: try product(p + "attn_output.weight", columns: hp.headCount * hp.valueLength, rows: dim),
                queryBias: try optionalVector(p + "attn_q.bias", count: hp.queryWidth),
                keyBias: try optionalVector(p + "attn_k.bias", count: hp.keyWidth),
                valueBias: try optionalVector(p + "attn_v.bias", count: hp.valueWidth),
                outputBias: try optionalVector(p + "attn_output.bias", count: dim),
                ffnNorm: try vector(p + "ffn_norm.weight", count: dim),
                gate: try product(p + "ffn_gate.weight", columns: dim, rows: hp.feedForwardLength),
                up: try product(p + "ffn_up.weight", columns: dim, rows: hp.feedForwardLength),
                down: try product(p + "ffn_down.weight", columns: hp.feedForwardLength, rows: dim)))
        }
        self.layers = layers
    }

    var vocabularySize: Int { tokenEmbedding.rows }
}
