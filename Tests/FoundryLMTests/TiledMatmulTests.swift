import CFoundryKernels
import FoundryCore
import Testing

/// The tiled Q4_0/Q8_0/Q4_K/Q6_K/F16 matrix kernels (AVX2, and AVX-512 VNNI where the CPU has it) give
/// the same bits as the portable per-row dot product, for every tile shape and edge (the
/// K-quants in both of llama.cpp's orders: vec_dot below eight tokens, the tiled matmul's from eight).
@Suite("Tiled matrix kernels", .serialized)
struct TiledMatmulTests {
    static let shapes: [(rows: Int, tokens: Int)] = [(64, 1), (37, 1), (64, 4), (45, 7), (16, 64), (13, 3), (72, 130)]

    @Test("tiles equal the scalar dot product bit for bit", arguments: [Int32(FK_Q4_0), Int32(FK_Q8_0), Int32(FK_Q4_K), Int32(FK_Q6_K), Int32(FK_F16)])
    func tilesMatchScalar(type: Int32) throws {
        fk_init()
        defer { _ = fk_use_kernels("default") }
        var random = SplitMix64(seed: UInt64(type) + 7)
        let cols = type == FK_Q4_K || type == FK_Q6_K ? 512 : 256
        for shape in Self.shapes {
            let weights = Self.randomWeights(type: type, rows: shape.rows, cols: cols, random: &random)
            let (acts, actBytes) = Self.randomActivations(for: type, cols: cols, tokens: shape.tokens, random: &random)
            var results: [String: [Float]] = [:], orders: [String: String] = [:]
            for set in ["scalar", "scalar-avx2", "avx2", "best"] {
                guard fk_use_kernels(set) == 1 else { continue }
                orders[set] = String(cString: fk_kernel_orders())
                results[set] = Self.multiply(type: type, weights: weights, rows: shape.rows, cols: cols,
                                             acts: acts, actBytes: actBytes, tokens: shape.tokens)
            }
            // Each SIMD set against the portable kernels in the same summation orders (the AVX2
            // build's, or the AVX-512 build's on a CPU that has it).
            for set in ["avx2", "best"] {
                let reference = orders[set] == orders["scalar-avx2"] ? "scalar-avx2" : "scalar"
                guard let values = results[set], let expected = results[reference] else { continue }
                let differing = zip(values, expected).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(set) type \(type) \(shape.rows)×\(shape.tokens): \(differing) values differ from \(reference)")
            }
        }
    }

    /// `tokens` rows of random values in ±4, quantized for `type`, and the bytes of one row.
    static func randomActivations(for type: Int32, cols: Int, tokens: Int, random: inout SplitMix64) -> ([UInt8], Int) {
        let actBytes = fk_activation_row_bytes(type, Int32(cols))
        var acts = [UInt8](repeating: 0, count: actBytes * tokens)
        for t in 0..<tokens {
            let x = (0..<cols).map { _ in Float(Int(random.next() % 2001) - 1000) / 250 }
            acts.withUnsafeMutableBytes { fk_quantize_activation(type, x, $0.baseAddress! + t * actBytes, Int32(cols)) }
        }
        return (acts, actBytes)
    }

    static func multiply(type: Int32, weights: [UInt8], rows: Int, cols: Int, acts: [UInt8], actBytes: Int, tokens: Int) -> [Float] {
        let pool = fk_pool_create(2)
        defer { fk_pool_destroy(pool) }
        var out = [Float](repeating: .nan, count: rows * tokens)
        let rowBytes = weights.count / rows
        weights.withUnsafeBytes { w in
            acts.withUnsafeBytes { a in
                out.withUnsafeMutableBufferPointer { o in
                    fk_matmul(pool, type, w.baseAddress, rowBytes, Int32(rows), Int32(cols), a.baseAddress, actBytes,
                              Int32(tokens), o.baseAddress, Int32(rows))
                }
            }
        }
        return out
    }

    /// Blocks with small random f16 scales and random quants (Q4_0 nibbles, Q8_0 bytes in ±127,
    /// Q4_K: d, dmin, twelve bytes of packed 6-bit scales and mins, 128 bytes of nibbles; Q6_K:
    /// 192 bytes of low and high bits, sixteen signed scales, d).
    static func randomWeights(type: Int32, rows: Int, cols: Int, random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        if type == FK_F16 {
            for _ in 0..<(rows * cols) {
                let h = Float16(Float(Int(random.next() % 2001) - 1000) / 3000).bitPattern
                bytes += [UInt8(h & 0xFF), UInt8(h >> 8)]
            }
            return bytes
        }
        if type == FK_Q6_K {
            for _ in 0..<(rows * cols / 256) {
                bytes += (0..<(128 + 64 + 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let h = Float16(Float(random.next() % 1000 + 1) / 100_000).bitPattern
                bytes += [UInt8(h & 0xFF), UInt8(h >> 8)]
            }
            return bytes
        }
        if type == FK_Q4_K {
            for _ in 0..<(rows * cols / 256) {
                for _ in 0..<2 {
                    let h = Float16(Float(random.next() % 1000 + 1) / 100_000).bitPattern
                    bytes += [UInt8(h & 0xFF), UInt8(h >> 8)]
                }
                bytes += (0..<(12 + 128)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            return bytes
        }
        for _ in 0..<(rows * cols / 32) {
            let scale = Float16(Float(random.next() % 1000 + 1) / 40_000).bitPattern
            bytes += [UInt8(scale & 0xFF), UInt8(scale >> 8)]
            if type == FK_Q4_0 {
                bytes += (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes += (0..<32).map { _ in UInt8(bitPattern: Int8(Int(random.next() % 255) - 127)) }
            }
        }
        return bytes
    }
}
