import CFoundryKernels

/// Activations for one batch of up to `batch` tokens, allocated once at load: nothing is
/// allocated per token.
final class ScratchBuffers {
    let batch: Int
    let x, normed, query, key, value, attention, projected, gate, up, logits, ropeTable: UnsafeMutablePointer<Float>
    let attentionScratch: UnsafeMutablePointer<Float>
    let attentionScratchPerThread: Int
    let quantized: UnsafeMutableRawPointer
    let quantizedRowBytes: Int
    let positions: UnsafeMutablePointer<Int32>
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(hp: ModelHyperparameters, batch: Int, context: Int, threads: Int, vocabulary: Int) {
        self.batch = batch
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        let dim = hp.embeddingLength
        x = floats(batch * dim)
        normed = floats(batch * dim)
        query = floats(batch * hp.queryWidth)
        key = floats(batch * hp.keyWidth)
        value = floats(batch * hp.valueWidth)
        attention = floats(batch * hp.headCount * hp.valueLength)
        projected = floats(batch * dim)
        gate = floats(batch * hp.feedForwardLength)
        up = floats(batch * hp.feedForwardLength)
        logits = floats(vocabulary)
        ropeTable = floats(batch * hp.ropeDimensions)
        attentionScratchPerThread = context + hp.keyLength + 64 * hp.valueLength + 16
        attentionScratch = floats(threads * attentionScratchPerThread)
        // The widest activation row in any format is f32.
        quantizedRowBytes = 4 * max(dim, hp.feedForwardLength, hp.headCount * hp.valueLength)
        quantized = .allocate(byteCount: batch * quantizedRowBytes, alignment: 64)
        positions = .allocate(capacity: batch)
        positions.initialize(repeating: 0, count: batch)
        owned = [x, normed, query, key, value, attention, projected, gate, up, logits, ropeTable, attentionScratch]
    }

    deinit {
        for p in owned { p.deallocate() }
        quantized.deallocate()
        positions.deallocate()
    }
}
