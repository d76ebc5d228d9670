import CFoundryKernels
import FoundryCore
import Testing

/// Q4_0 and Q4_K weights repacked sixteen rows at a time (FK_Q4_0_R16, FK_Q4_K_R16) give, in
/// every kernel set, exactly the sums of llama.cpp's repacked kernels (ggml_gemm/gemv_q4_0_8x8_q8_0
/// and _q4_K_8x8_q8_K), computed here from the original blocks. Q4_0: per block the exact integer
/// Σ (q − 8)·a, then acc = fma(Σ, d_w·d_a, acc). Q4_K: see `referenceQ4K`.
@Suite("Repacked Q4_0 and Q4_K matrix kernels", .serialized)
struct RepackedMatmulTests {
    static let shapes: [(rows: Int, tokens: Int)] = [(64, 1), (8, 1), (40, 3), (16, 64), (72, 130), (24, 9)]

    @Test("Q4_0: every kernel set gives llama.cpp's repacked sums bit for bit")
    func repackedOrder() throws {
        fk_init()
        defer { _ = fk_use_kernels("default") }
        var random = SplitMix64(seed: 11)
        let cols = 256, nb = cols / 32
        let layout = Int32(FK_Q4_0_R16)
        for shape in Self.shapes {
            #expect(fk_repacked_type(Int32(FK_Q4_0), Int32(shape.rows), Int32(cols)) == layout)
            let weights = TiledMatmulTests.randomWeights(type: Int32(FK_Q4_0), rows: shape.rows, cols: cols, random: &random)
            let (acts, actBytes) = TiledMatmulTests.randomActivations(for: layout, cols: cols, tokens: shape.tokens, random: &random)
            let expected = Self.reference(weights: weights, rows: shape.rows, nb: nb, acts: acts, actBytes: actBytes, tokens: shape.tokens)
            for set in ["scalar", "avx2", "best"] {
                guard fk_use_kernels(set) == 1 else { continue }
                let got = Self.multiplyRepacked(type: Int32(FK_Q4_0), weights: weights, rows: shape.rows, cols: cols, acts: acts,
                                                actBytes: actBytes, tokens: shape.tokens)
                let differing = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(String(cString: fk_kernel_set())) \(shape.rows)×\(shape.tokens): \(differing) values differ")
            }
        }
    }

    @Test("Q4_K: every kernel set gives llama.cpp's repacked sums bit for bit (gemm and gemv parts of a batch)")
    func repackedOrderQ4K() throws {
        fk_init()
        defer { _ = fk_use_kernels("default") }
        var random = SplitMix64(seed: 12)
        let cols = 512
        let q4k = Int32(FK_Q4_K)
        for shape in Self.shapes {
            #expect(fk_repacked_type(q4k, Int32(shape.rows), Int32(cols)) == Int32(FK_Q4_K_R16))
            let weights = TiledMatmulTests.randomWeights(type: q4k, rows: shape.rows, cols: cols, random: &random)
            let (acts, actBytes) = TiledMatmulTests.randomActivations(for: q4k, cols: cols, tokens: shape.tokens, random: &random)
            let expected = Self.referenceQ4K(weights: weights, rows: shape.rows, cols: cols, acts: acts, actBytes: actBytes,
                                             tokens: shape.tokens)
            for set in ["scalar", "avx2", "best"] {
                guard fk_use_kernels(set) == 1 else { continue }
                let got = Self.multiplyRepacked(type: q4k, weights: weights, rows: shape.rows, cols: cols, acts: acts,
                                                actBytes: actBytes, tokens: shape.tokens)
                let differing = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(String(cString: fk_kernel_set())) \(shape.rows)×\(shape.tokens): \(differing) values differ")
            }
        }
    }

    @Test("Q4_0 with a row count not divisible by 8, and other types, keep their layout")
    func layoutChoice() {
        #expect(fk_repacked_type(Int32(FK_Q4_0), 12, 256) == Int32(FK_Q4_0))
        #expect(fk_repacked_type(Int32(FK_Q8_0), 64, 256) == Int32(FK_Q8_0))
        #expect(fk_repacked_bytes(Int32(FK_Q4_0), 12, 256) == 0)
        #expect(fk_repacked_bytes(Int32(FK_Q4_0), 24, 256) == 2 * 8 * 288)
    }

    static func multiplyRepacked(type q4: Int32, weights: [UInt8], rows: Int, cols: Int, acts: [UInt8], actBytes: Int,
                                 tokens: Int) -> [Float] {
        let pool = fk_pool_create(2)
        defer { fk_pool_destroy(pool) }
        let layout = fk_repacked_type(q4, Int32(rows), Int32(cols))
        var packed = [UInt8](repeating: 0xAA, count: fk_repacked_bytes(q4, Int32(rows), Int32(cols)))
        weights.withUnsafeBytes { w in
            packed.withUnsafeMutableBytes { fk_repack(pool, q4, w.baseAddress, weights.count / rows, Int32(rows), Int32(cols), $0.baseAddress) }
        }
        var out = [Float](repeating: .nan, count: rows * tokens)
        packed.withUnsafeBytes { w in
            acts.withUnsafeBytes { a in
                out.withUnsafeMutableBufferPointer { o in
                    fk_matmul(pool, layout, w.baseAddress, fk_repacked_stride(layout, Int32(cols)), Int32(rows), Int32(cols),
                              a.baseAddress, actBytes, Int32(tokens), o.baseAddress, Int32(rows))
                }
            }
        }
        return out
    }

    static func half(_ bytes: [UInt8], _ at: Int) -> Float {
        Float(Float16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8))
    }

    /// llama.cpp's repacked Q4_0 order from the original Q4_0 and Q8_0 blocks.
    static func reference(weights: [UInt8], rows: Int, nb: Int, acts: [UInt8], actBytes: Int, tokens: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * tokens)
        for t in 0..<tokens {
            for r in 0..<rows {
                var acc: Float = 0
                for b in 0..<nb {
                    let w = (r * nb + b) * 18, a = t * actBytes + b * 34
                    var isum: Int32 = 0
                    for i in 0..<16 {
                        let q = weights[w + 2 + i]
                        isum += (Int32(q & 0x0F) - 8) * Int32(Int8(bitPattern: acts[a + 2 + i]))
                        isum += (Int32(q >> 4) - 8) * Int32(Int8(bitPattern: acts[a + 2 + 16 + i]))
                    }
                    acc = acc.addingProduct(Float(isum), half(weights, w) * half(acts, a))
                }
                out[t * rows + r] = acc
            }
        }
        return out
    }

    /// llama.cpp's repacked Q4_K order from the original Q4_K and Q8_K blocks: per pair of
    /// 32-element sub-blocks the exact integers ip = Σ scale·Σ q·a and mp = Σ min·Σ a; tokens in
    /// the gemm part of the batch (the first n − n mod 4) accumulate acc = fma(ip, d·d_a, acc) and
    /// acc_min = fma(mp, dmin·d_a, acc_min) per pair, the rest once per super-block with the
    /// super-block's sums; the result is acc − acc_min.
    static func referenceQ4K(weights: [UInt8], rows: Int, cols: Int, acts: [UInt8], actBytes: Int, tokens: Int) -> [Float] {
        let nb = cols / 256
        func scaleMin(_ j: Int, _ q: ArraySlice<UInt8>) -> (Int32, Int32) {
            let s = q.startIndex
            if j < 4 { return (Int32(q[s + j] & 63), Int32(q[s + j + 4] & 63)) }
            return (Int32((q[s + j + 4] & 0xF) | ((q[s + j - 4] >> 6) << 4)), Int32((q[s + j + 4] >> 4) | ((q[s + j] >> 6) << 4)))
        }
        var out = [Float](repeating: 0, count: rows * tokens)
        for t in 0..<tokens {
            let gemm = t < tokens - tokens % 4
            for r in 0..<rows {
                var acc: Float = 0, accMin: Float = 0
                for b in 0..<nb {
                    let w = (r * nb + b) * 144, a = t * actBytes + b * 292
                    let da = Float(bitPattern: UInt32(acts[a]) | UInt32(acts[a + 1]) << 8 | UInt32(acts[a + 2]) << 16 | UInt32(acts[a + 3]) << 24)
                    let dw = half(weights, w) * da, dm = half(weights, w + 2) * da
                    var isb: Int32 = 0, msb: Int32 = 0
                    for p in 0..<4 {
                        var ip: Int32 = 0, mp: Int32 = 0
                        for h in 0..<2 {
                            let j = 2 * p + h
                            let (sc, m) = scaleMin(j, weights[(w + 4)..<(w + 16)])
                            var dot: Int32 = 0, sum: Int32 = 0
                            for i in 0..<32 {
                                let q = weights[w + 16 + 32 * p + i]
                                let y = Int32(Int8(bitPattern: acts[a + 4 + 32 * j + i]))
                                dot += Int32(h == 0 ? q & 0xF : q >> 4) * y
                                sum += y
                            }
                            ip += sc * dot
                            mp += m * sum
                        }
                        if gemm {
                            acc = acc.addingProduct(Float(ip), dw)
                            accMin = accMin.addingProduct(Float(mp), dm)
                        } else {
                            isb += ip
                            msb += mp
                        }
                    }
                    if !gemm {
                        acc = acc.addingProduct(Float(isb), dw)
                        accMin = accMin.addingProduct(Float(msb), dm)
                    }
                }
                out[t * rows + r] = acc - accMin
            }
        }
        return out
    }
}
