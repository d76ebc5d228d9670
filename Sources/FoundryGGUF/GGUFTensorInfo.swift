/// One tensor's entry in the GGUF tensor table.
public struct GGUFTensorInfo: Sendable {
    public let name: String
    /// Dimensions as GGUF lists them: ne[0] first (the contiguous one).
    public let dimensions: [Int]
    public let type: GGMLType
    /// Offset from the start of the tensor data section.
    public let offset: Int
    /// Absolute offset in the file.
    public let fileOffset: Int
    public let byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
}
