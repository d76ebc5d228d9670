import Foundation
import FoundryCore
import FoundryLM

/// `foundry run --info`: a GGUF file's metadata and tensor table (works on vocabulary-only files).
struct ModelInfoPrinter {
    let path: String
    let json: Bool
    let output: Output

    func print() throws {
        let file = try GGUFFile(path: path)
        if json {
            var meta: [String: JSONValue] = [:]
            for key in file.metadataKeys { meta[key] = .string(file.metadata[key]?.summary ?? "") }
            let tensors: [JSONValue] = file.tensors.map {
                .object(["name": .string($0.name), "type": .string($0.type.name), "shape": .array($0.dimensions.map { .number(Double($0)) }),
                         "offset": .number(Double($0.fileOffset)), "bytes": .number(Double($0.byteCount))])
            }
            let doc: JSONValue = .object([
                "file": .string(path), "version": .number(Double(file.version)), "size_bytes": .number(Double(file.fileSize)),
                "alignment": .number(Double(file.alignment)), "metadata": .object(meta), "tensors": .array(tensors),
            ])
            output.line(doc.jsonString)
            return
        }
        output.line("\(path): GGUF v\(file.version), \(ByteCountText.binary(file.fileSize)), \(file.metadata.count) metadata keys, \(file.tensors.count) tensors, alignment \(file.alignment)")
        var meta = TextTable([("key", .left), ("value", .left)])
        for key in file.metadataKeys { meta.add([key, file.metadata[key]?.summary ?? ""]) }
        output.line(meta.render(width: output.width))
        guard !file.tensors.isEmpty else { return }
        output.line()
        var tensors = TextTable([("tensor", .left), ("type", .left), ("shape", .left), ("size", .right)])
        var byType: [String: (count: Int, bytes: Int)] = [:]
        for t in file.tensors {
            tensors.add([t.name, t.type.name, t.dimensions.map(String.init).joined(separator: " × "), ByteCountText.binary(t.byteCount)])
            byType[t.type.name, default: (0, 0)].count += 1
            byType[t.type.name, default: (0, 0)].bytes += t.byteCount
        }
        output.line(tensors.render(width: output.width))
        let summary = byType.sorted { $0.value.bytes > $1.value.bytes }.map { "\($0.key) \($0.value.count) (\(ByteCountText.binary($0.value.bytes)))" }
        output.line("types: " + summary.joined(separator: ", "))
    }
}
