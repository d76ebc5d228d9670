import Foundation
import FoundryCore
import FoundryGGUF
import FoundryLM

extension FuzzTargets {
    static let model: [FuzzTarget] = [
        FuzzTarget("gguf", "a GGUF file: header, metadata, tensor infos and each tensor's data range against the file size",
                   maxLength: 1 << 20) { bytes in
            guard let file = try? GGUFFile(mapped: MappedFile(copying: bytes, name: "fuzz.gguf")) else { return }
            for key in file.metadataKeys { _ = file.metadata[key]?.stringValue }
            // Every tensor's data must lie inside the file: touch its first and last byte.
            var sum: UInt8 = 0
            for tensor in file.tensors where tensor.byteCount > 0 {
                sum &+= file.bytes[tensor.fileOffset] &+ file.bytes[tensor.fileOffset + tensor.byteCount - 1]
            }
            blackHole(sum)
        },
        FuzzTarget("gguf-model", "loading a model and its tokenizer from a GGUF file", maxLength: 1 << 20) { bytes in
            guard let file = try? GGUFFile(mapped: MappedFile(copying: bytes, name: "fuzz.gguf")) else { return }
            if let tokenizer = try? GGUFTokenizer(gguf: file) {
                _ = tokenizer.encode("Hello, world! 123", addBOS: true, parseSpecial: true)
            }
            _ = try? LlamaModel(file: file, contextLength: 8, threads: 1, batch: 8)
        },
        FuzzTarget("tokenizer-encode", "encoding arbitrary text with each tokenizer kind (first byte: vocabulary and flags)",
                   prepare: { _ = Vocabularies.loaded }) { bytes in
            guard let first = bytes.first, !Vocabularies.loaded.isEmpty else { return }
            let tokenizer = Vocabularies.loaded[Int(first) % Vocabularies.loaded.count]
            let text = FuzzTargets.text(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()))
            let ids = tokenizer.encode(text, addBOS: first & 0x80 != 0, parseSpecial: first & 0x40 != 0)
            var stream = TokenTextStream(tokenizer: tokenizer, renderSpecial: first & 0x20 != 0)
            for id in ids { _ = stream.append(id) }
            _ = stream.finish()
        },
        FuzzTarget("tokenizer-decode", "decoding arbitrary token ids (any Int32, in or out of the vocabulary) with each tokenizer",
                   prepare: { _ = Vocabularies.loaded }) { bytes in
            guard let first = bytes.first, !Vocabularies.loaded.isEmpty else { return }
            let tokenizer = Vocabularies.loaded[Int(first) % Vocabularies.loaded.count]
            var stream = TokenTextStream(tokenizer: tokenizer, renderSpecial: first & 0x80 != 0)
            var offset = 1
            while offset + 4 <= bytes.count {
                let id = Int32(bitPattern: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                _ = tokenizer.pieceBytes(id, special: first & 0x40 != 0)
                _ = stream.append(id)
                offset += 4
            }
            _ = stream.finish()
        },
    ]
}

/// Keeps a value alive so the reads that made it are not optimized away.
@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// The vocabularies the tokenizer targets use: llama.cpp's vocabulary files in
/// ../shared/data/tokenizer (SentencePiece and the byte-level BPE pre-tokenizers), loaded once.
enum Vocabularies {
    static let files = ["ggml-vocab-llama-spm", "ggml-vocab-llama-bpe", "ggml-vocab-gpt-2", "ggml-vocab-phi-3", "ggml-vocab-qwen2"]

    static let loaded: [GGUFTokenizer] = files.compactMap { name in
        try? GGUFTokenizer(gguf: GGUFFile(path: SharedData.directory + "/tokenizer/\(name).gguf"))
    }
}

/// ../shared/data beside the repository, or FOUNDRY_SHARED_DATA.
public enum SharedData {
    public static let directory: String = {
        if let given = ProcessInfo.processInfo.environment["FOUNDRY_SHARED_DATA"], !given.isEmpty { return given }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()
}
