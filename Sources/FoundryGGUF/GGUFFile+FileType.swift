/// `general.file_type`: the quantization a file was made with, named as llama.cpp names it.
extension GGUFFile {
    public var fileTypeName: String {
        guard let value = metadata["general.file_type"]?.intValue else { return "unknown type" }
        return Self.fileTypeNames[value] ?? "file type \(value)"
    }

    /// Parameters: the elements of every tensor.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.elementCount } }

    // llama.cpp's llama_ftype values and the names llama-bench prints for them.
    private static let fileTypeNames: [Int: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
        10: "Q2_K - Medium", 11: "Q3_K - Small", 12: "Q3_K - Medium", 13: "Q3_K - Large",
        14: "Q4_K - Small", 15: "Q4_K - Medium", 16: "Q5_K - Small", 17: "Q5_K - Medium",
        18: "Q6_K", 32: "BF16",
    ]
}
