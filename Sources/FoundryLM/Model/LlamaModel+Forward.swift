import CFoundryKernels
import Foundation

extension LlamaModel {
    /// One batch through every layer; the logits of its last token when asked.
    func forward(_ tokens: UnsafeBufferPointer<Int32>, wantLogits: Bool) throws {
        let hp = hyperparameters
        let s = scratch
        let n = tokens.count
        let dim = hp.embeddingLength
        let rd = hp.ropeDimensions
        for t in 0..<n {
            weights.tokenEmbedding.dequantizeRow(Int(tokens[t]), into: s.x + t * dim)
            s.positions[t] = Int32(position + t)
            computeRopeTable(position: position + t, into: s.ropeTable + t * rd)
        }
        let lastLayer = weights.layers.count - 1
        for (index, layer) in weights.layers.enumerated() {
            attentionBlock(layer: layer, index: index, tokens: n)
            if index < lastLayer {
                feedForwardBlock(layer: layer, index: index, tokens: n)
            } else if wantLogits {
                // As llama.cpp: after the last attention only the rows whose logits are wanted
                // go on (the last token's); the batch size decides its matmul kernels.
                if n > 1 { s.x.update(from: s.x + (n - 1) * dim, count: dim) }
                feedForwardBlock(layer: layer, index: index, tokens: 1)
            }
        }
        position += n
        defer { tensorDump?.finishStep() }
        guard wantLogits else { return }
        let last = s.x
        weights.outputNorm.withUnsafeBufferPointer { fk_rms_norm(last, $0.baseAddress, s.normed, Int32(dim), hp.rmsEpsilon) }
        multiply([(weights.output, s.logits, weights.vocabularySize)], input: s.normed, tokens: 1, columns: dim)
        if let dump = tensorDump {
            dump.write("result_norm", s.normed, count: dim)
            dump.write("result_output", s.logits, count: weights.vocabularySize)
        }
    }

    private func computeRopeTable(position: Int, into table: UnsafeMutablePointer<Float>) {
        let r = hyperparameters.rope
        let call = { (factors: UnsafePointer<Float>?) in
            fk_rope_cache(Float(position), Int32(self.hyperparameters.ropeDimensions), r.freqBase, r.freqScale, factors,
                          r.extFactor, r.attnFactor, r.betaFast, r.betaSlow, Int32(r.originalContext), table)
        }
        if let factors = weights.ropeFactors { factors.withUnsafeBufferPointer { call($0.baseAddress) } } else { call(nil) }
    }

    private func attentionBlock(layer: ModelWeights.Layer, index: Int, tokens n: Int) {
        let hp = hyperparameters
        let s = scratch
        let dim = hp.embeddingLength
        normalize(s.x, weight: layer.attentionNorm, into: s.normed, tokens: n)
        tensorDump?.write("attn_norm", layer: index, s.normed, count: n * dim)
        multiply([(layer.query, s.query, hp.queryWidth), (layer.key, s.key, hp.keyWidth), (layer.value, s.value, hp.valueWidth)],
                 input: s.normed, tokens: n, columns: dim)
        addBias(layer.queryBias, to: s.query, width: hp.queryWidth, tokens: n)
        addBias(layer.keyBias, to: s.key, width: hp.keyWidth, tokens: n)
        addBias(layer.valueBias, to: s.value, width: hp.valueWidth, tokens: n)
        let rd = Int32(hp.ropeDimensions)
        let keys = cache.keys(layer: index), values = cache.values(layer: index)
        for t in 0..<n {
            let table = s.ropeTable + t * hp.ropeDimensions
            fk_rope_apply(s.query + t * hp.queryWidth, Int32(hp.headCount), Int32(hp.keyLength), rd, table)
            fk_rope_apply(s.key + t * hp.keyWidth, Int32(hp.headCountKV), Int32(hp.keyLength), rd, table)
            if hp.attentionTemperatureScale != 0, hp.attentionTemperatureLength > 0 {
                let pos = Float(s.positions[t])
                let scale = Float(log(Double((floor((pos + 1) / Float(hp.attentionTemperatureLength)) + 1)))
                    * Double(hp.attentionTemperatureScale) + 1)
                let q = s.query + t * hp.queryWidth
                for i in 0..<hp.queryWidth { q[i] *= scale }
            }
            let pos = Int(s.positions[t])
            fk_quantize_activation(Int32(FK_F16), s.key + t * hp.keyWidth, keys + pos * hp.keyWidth, Int32(hp.keyWidth))
            fk_quantize_activation(Int32(FK_F16), s.value + t * hp.valueWidth, values + pos * hp.valueWidth, Int32(hp.valueWidth))
        }
        if let dump = tensorDump {
            dump.write("Qcur", layer: index, s.query, count: n * hp.queryWidth)
            dump.write("Kcur", layer: index, s.key, count: n * hp.keyWidth)
            dump.write("Vcur", layer: index, s.value, count: n * hp.valueWidth)
        }
        var args = fk_attention_args(
            n_tokens: Int32(n), n_head: Int32(hp.headCount), n_head_kv: Int32(hp.headCountKV),
            head_dim_k: Int32(hp.keyLength), head_dim_v: Int32(hp.valueLength),
            q: s.query, q_stride: Int32(hp.queryWidth), k: keys, v: values, pos: s.positions,
            window: Int32(hp.slidingWindow), scale: hp.attentionScale,
            out: s.attention, out_stride: Int32(hp.headCount * hp.valueLength),
            scratch: s.attentionScratch, scratch_per_thread: Int32(s.attentionScratchPerThread))
        fk_attention(pool, &args)
        tensorDump?.write("kqv_out", layer: index, s.attention, count: n * hp.headCount * hp.valueLength)
        multiply([(layer.output, s.projected, dim)], input: s.attention, tokens: n, columns: hp.headCount * hp.valueLength)
        addBias(layer.outputBias, to: s.projected, width: dim, tokens: n)
        tensorDump?.write("attn_out", layer: index, s.projected, count: n * dim)
        for t in 0..<n { fk_add(s.x + t * dim, s.projected + t * dim, Int32(dim)) }
        tensorDump?.write("ffn_inp", layer: index, s.x, count: n * dim)
    }

    private func feedForwardBlock(layer: ModelWeights.Layer, index: Int, tokens n: Int) {
        let hp = hyperparameters
        let s = scratch
        let dim = hp.embeddingLength, ffn = hp.feedForwardLength
        normalize(s.x, weight: layer.ffnNorm, into: s.normed, tokens: n)
        tensorDump?.write("ffn_norm", layer: index, s.normed, count: n * dim)
        multiply([(layer.gate, s.gate, ffn), (layer.up, s.up, ffn)], input: s.normed, tokens: n, columns: dim)
        if let dump = tensorDump {
            dump.write("ffn_gate", layer: index, s.gate, count: n * ffn)
            dump.write("ffn_up", layer: index, s.up, count: n * ffn)
        }
        for t in 0..<n { fk_swiglu(s.gate + t * ffn, s.up + t * ffn, s.gate + t * ffn, Int32(ffn)) }
        tensorDump?.write("ffn_swiglu", layer: index, s.gate, count: n * ffn)
        multiply([(layer.down, s.projected, dim)], input: s.gate, tokens: n, columns: ffn)
        tensorDump?.write("ffn_out", layer: index, s.projected, count: n * dim)
        for t in 0..<n { fk_add(s.x + t * dim, s.projected + t * dim, Int32(dim)) }
        tensorDump?.write("l_out", layer: index, s.x, count: n * dim)
    }

    private func normalize(_ x: UnsafeMutablePointer<Float>, weight: [Float], into out: UnsafeMutablePointer<Float>, tokens n: Int) {
        let dim = hyperparameters.embeddingLength
        weight.withUnsafeBufferPointer { w in
            for t in 0..<n { fk_rms_norm(x + t * dim, w.baseAddress, out + t * dim, Int32(dim), hyperparameters.rmsEpsilon) }
        }
    }

    private func addBias(_ bias: [Float]?, to x: UnsafeMutablePointer<Float>, width: Int, tokens n: Int) {
        guard let bias else { return }
        bias.withUnsafeBufferPointer { b in for t in 0..<n { fk_add(x + t * width, b.baseAddress, Int32(width)) } }
    }

    /// Multiplies the same input rows by several matrices, quantizing the input once per
    /// activation format.
    func multiply(_ products: [(WeightMatrix, UnsafeMutablePointer<Float>, Int)], input: UnsafePointer<Float>,
                  tokens n: Int, columns: Int) {
        let s = scratch
        var quantizedAs: Int32 = -1
        var stride = 0
        for (matrix, out, outStride) in products {
            let activation = fk_activation_type(matrix.kernelType)
            if activation != quantizedAs {
                stride = fk_activation_row_bytes(matrix.kernelType, Int32(columns))
                for t in 0..<n {
                    fk_quantize_activation(matrix.kernelType, input + t * columns, s.quantized + t * stride, Int32(columns))
                }
                quantizedAs = activation
            }
            fk_matmul(pool, matrix.kernelType, matrix.kernelBase, matrix.kernelStride, Int32(matrix.rows), Int32(columns),
                      s.quantized, stride, Int32(n), out, Int32(outStride))
        }
    }
}
