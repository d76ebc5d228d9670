import CFoundryKernels
import FoundryCore
import FoundryGGUF

/// A weight matrix used in place from the memory-mapped file: `rows` rows of `columns`
/// elements (GGUF's ne1 × ne0), each row `rowBytes` long in its quantized format. The kernels
/// multiply either the mapped rows or, for types llama.cpp repacks (see `repacked(pool:file:)`),
/// a copy in an interleaved layout.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let rowBytes: Int
    let base: UnsafeRawPointer
    /// What fk_matmul multiplies: the layout's type id, its bytes and the stride between rows
    /// (or groups of rows) in it.
    let kernelType: Int32
    let kernelBase: UnsafeRawPointer
    let kernelStride: Int
    private let repackedStorage: RepackedWeights?

    /// The types the engine multiplies with.
    public static let supportedTypes: [GGMLType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_K, .q5_K, .q6_K]

    init(tensor: GGUFTensorInfo, in file: GGUFFile) throws {
        guard Self.supportedTypes.contains(tensor.type) else {
            throw FoundryError.failure(
                "'\(file.path)': tensor '\(tensor.name)' has \(tensor.type.blockSize == nil ? "an unknown type id \(tensor.type.rawValue)" : "type \(tensor.type.name)"), which foundry run does not support",
                hint: "supported tensor types: \(Self.supportedTypes.map(\.name).joined(separator: ", "))")
        }
        guard tensor.dimensions.count <= 2, let cols = tensor.dimensions.first, cols > 0,
              let blockSize = tensor.type.blockSize, cols % blockSize == 0,
              let rowBytes = tensor.type.byteCount(elements: cols)
        else {
            throw FoundryError.failure("'\(file.path)': tensor '\(tensor.name)' has an unusable shape \(tensor.dimensions) for \(tensor.type.name)")
        }
        guard let start = file.bytes.baseAddress else { throw FoundryError.failure("'\(file.path)' is empty") }
        name = tensor.name
        type = tensor.type
        columns = cols
        rows = tensor.dimensions.count == 2 ? tensor.dimensions[1] : 1
        self.rowBytes = rowBytes
        base = start + tensor.fileOffset
        kernelType = Int32(type.rawValue)
        kernelBase = base
        kernelStride = rowBytes
        repackedStorage = nil
    }

    private init(_ m: WeightMatrix, kernelType: Int32, storage: RepackedWeights, stride: Int) {
        name = m.name
        type = m.type
        rows = m.rows
        columns = m.columns
        rowBytes = m.rowBytes
        base = m.base
        self.kernelType = kernelType
        kernelBase = UnsafeRawPointer(storage.bytes)
        kernelStride = stride
        repackedStorage = storage
    }

    /// This matrix in the layout llama.cpp repacks it into (Q4_0 and Q4_K with a row count
    /// divisible by 8: sixteen rows interleaved, fk_repacked_type), so that the products are llama.cpp's to the bit and run
    /// without horizontal sums; or the matrix itself when its type keeps its own layout. The
    /// copied rows' pages of the map are released, so the weights are not resident twice.
    func repacked(pool: OpaquePointer, file: MappedFile) -> WeightMatrix {
        let layout = fk_repacked_type(kernelType, Int32(rows), Int32(columns))
        guard layout != kernelType else { return self }
        let storage = RepackedWeights(byteCount: fk_repacked_bytes(kernelType, Int32(rows), Int32(columns)))
        fk_repack(pool, kernelType, base, rowBytes, Int32(rows), Int32(columns), storage.bytes)
        file.release(base, byteCount: rows * rowBytes)
        return WeightMatrix(self, kernelType: layout, storage: storage, stride: fk_repacked_stride(layout, Int32(columns)))
    }

    /// Whether the kernels multiply a repacked copy.
    var isRepacked: Bool { repackedStorage != nil }

    /// Row `index` as floats.
    func dequantizeRow(_ index: Int, into out: UnsafeMutablePointer<Float>) {
        fk_dequantize_row(Int32(type.rawValue), base + index * rowBytes, out, Int32(columns))
    }

    /// The whole matrix as floats (for small tensors such as norms).
    func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            for r in 0..<rows { dequantizeRow(r, into: buffer.baseAddress! + r * columns) }
            count = rows * columns
        }
    }
}

/// Memory holding a repacked weight matrix, freed with the last matrix that uses it.
final class RepackedWeights: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer

    init(byteCount: Int) { bytes = .allocate(byteCount: max(byteCount, 1), alignment: 64) }
    deinit { bytes.deallocate() }
}
