import CFoundryKernels
import FoundryCore

/// A weight matrix used in place from the memory-mapped file: `rows` rows of `columns`
/// elements (GGUF's ne1 × ne0), each row `rowBytes` long in its quantized format.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let rowBytes: Int
    let base: UnsafeRawPointer

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
    }

    var kernelType: Int32 { Int32(type.rawValue) }

    /// Row `index` as floats.
    func dequantizeRow(_ index: Int, into out: UnsafeMutablePointer<Float>) {
        fk_dequantize_row(kernelType, base + index * rowBytes, out, Int32(columns))
    }

    /// The whole matrix as floats (for small tensors such as norms).
    func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            for r in 0..<rows { dequantizeRow(r, into: buffer.baseAddress! + r * columns) }
            count = rows * columns
        }
    }
}
