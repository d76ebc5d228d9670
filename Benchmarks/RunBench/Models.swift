import Foundation
import FoundryLM
import FoundryGGUF

/// The 1B-class GGUF files the benchmark measures: seeded random weights at TinyLlama's shape
/// (dim 2048, 22 layers, 32 heads, 4 KV heads, FFN 5632) with the llama-spm vocabulary,
/// written once by scripts/make_test_gguf.py (llama.cpp's quantizer) and cached outside the repo.
struct BenchModels {
    static let shape = ["--dim", "2048", "--layers", "22", "--heads", "32", "--kv-heads", "4", "--ffn", "5632",
                        "--ctx", "2048", "--seed", "1", "--name", "foundry-bench-1b"]
    let directory: String
    let root: URL
    let python: String

    func path(_ type: String) -> String { directory + "/1b-\(type).gguf" }

    /// Writes the files that are missing (the f32 weights are kept to quantize further types).
    func ensure(_ types: [String]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let vocab = root.deletingLastPathComponent().path + "/shared/data/tokenizer/ggml-vocab-llama-spm.gguf"
        guard FileManager.default.fileExists(atPath: vocab) else { throw BenchError("\(vocab) is missing (../shared/data)") }
        for type in types where !FileManager.default.fileExists(atPath: path(type)) {
            FileHandle.standardError.write(Data("writing \(path(type)) (once)…\n".utf8))
            let status = try Subprocess.run(python, [root.path + "/scripts/make_test_gguf.py", "--vocab", vocab, "--out", path(type),
                                                     "--type", type, "--f32-cache", directory + "/1b-f32.gguf"] + Self.shape).status
            guard status == 0 else { throw BenchError("make_test_gguf.py failed for \(type)") }
        }
    }

    /// Bytes one generated token reads: every weight except the embedding table, of which one
    /// row is read, plus the average KV cache read over the generated tokens (f16 keys and values).
    static func bytesPerToken(_ path: String, averageContext: Int) throws -> Double {
        let file = try GGUFFile(path: path)
        var bytes = 0.0
        for tensor in file.tensors {
            if tensor.name == "token_embd.weight" {
                bytes += Double(tensor.byteCount) / Double(tensor.dimensions.last ?? 1)
            } else {
                bytes += Double(tensor.byteCount)
            }
        }
        let layers = Double(file.architectureValue("block_count")?.intValue ?? 0)
        let dim = Double(file.architectureValue("embedding_length")?.intValue ?? 0)
        let heads = Double(file.architectureValue("attention.head_count")?.intValue ?? 1)
        let kvHeads = Double(file.architectureValue("attention.head_count_kv")?.intValue ?? 1)
        let kvWidth = dim / heads * kvHeads
        return bytes + layers * 2 * kvWidth * 2 * Double(averageContext)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
