import Foundation

/// Writes small GGUF v3 files (metadata, optionally raw tensors) for tests: tokenizer
/// vocabularies made by hand, and files broken on purpose.
public struct GGUFBuilder {
    public enum Value: Sendable {
        case uint32(UInt32)
        case int32(Int32)
        case float32(Float)
        case bool(Bool)
        case string(String)
        case strings([String])
        case int32s([Int32])
        case float32s([Float])
        case uint64(UInt64)
    }

    public private(set) var entries: [(key: String, value: Value)] = []

    public init() {}

    public mutating func set(_ key: String, _ value: Value) {
        entries.removeAll { $0.key == key }
        entries.append((key, value))
    }

    public mutating func remove(_ key: String) {
        entries.removeAll { $0.key == key }
    }

    /// The file's bytes: header, metadata, no tensors.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: Array("GGUF".utf8))
        Self.put(UInt32(3), &out)
        Self.put(UInt64(0), &out)  // tensors
        Self.put(UInt64(entries.count), &out)
        for (key, value) in entries {
            Self.putString(key, &out)
            Self.putValue(value, &out)
        }
        while out.count % 32 != 0 { out.append(0) }
        return out
    }

    public func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    private static func putValue(_ value: Value, _ out: inout [UInt8]) {
        switch value {
        case .uint32(let v): put(UInt32(4), &out); put(v, &out)
        case .int32(let v): put(UInt32(5), &out); put(v, &out)
        case .float32(let v): put(UInt32(6), &out); put(v.bitPattern, &out)
        case .bool(let v): put(UInt32(7), &out); out.append(v ? 1 : 0)
        case .string(let v): put(UInt32(8), &out); putString(v, &out)
        case .uint64(let v): put(UInt32(10), &out); put(v, &out)
        case .strings(let values):
            put(UInt32(9), &out); put(UInt32(8), &out); put(UInt64(values.count), &out)
            for v in values { putString(v, &out) }
        case .int32s(let values):
            put(UInt32(9), &out); put(UInt32(5), &out); put(UInt64(values.count), &out)
            for v in values { put(v, &out) }
        case .float32s(let values):
            put(UInt32(9), &out); put(UInt32(6), &out); put(UInt64(values.count), &out)
            for v in values { put(v.bitPattern, &out) }
        }
    }

    private static func put<T: FixedWidthInteger>(_ value: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func putString(_ string: String, _ out: inout [UInt8]) {
        put(UInt64(string.utf8.count), &out)
        out.append(contentsOf: Array(string.utf8))
    }
}

extension GGUFBuilder {
    /// A tiny SentencePiece-style vocabulary (`llama`): `<unk>` `<s>` `</s>`, the 256 byte
    /// tokens, `▁` and every prefix of `▁word` for `words` (scored so longer pieces win), the
    /// letters, then control tokens `[INST]` `[/INST]`.
    public static func tinySentencePiece(words: [String] = ["the", "hello", "world", "a", "cat"]) -> GGUFBuilder {
        var tokens = ["<unk>", "<s>", "</s>"]
        var types: [Int32] = [2, 3, 3]
        for byte in 0..<256 {
            tokens.append("<0x" + String(format: "%02X", byte) + ">")
            types.append(6)
        }
        var pieces = ["▁"]
        for word in words {
            let text = "▁" + word
            for end in 2...text.count where !pieces.contains(String(text.prefix(end))) { pieces.append(String(text.prefix(end))) }
        }
        for letter in "abcdefghijklmnopqrstuvwxyz,.!" where !pieces.contains(String(letter)) { pieces.append(String(letter)) }
        var scores = [Float](repeating: 0, count: tokens.count)
        for (rank, piece) in pieces.enumerated() {
            tokens.append(piece)
            types.append(1)
            scores.append(-Float(rank))
        }
        for control in ["[INST]", "[/INST]"] {
            tokens.append(control)
            types.append(3)
            scores.append(0)
        }
        var builder = GGUFBuilder()
        builder.set("general.architecture", .string("llama"))
        builder.set("general.name", .string("tiny-spm"))
        builder.set("tokenizer.ggml.model", .string("llama"))
        builder.set("tokenizer.ggml.tokens", .strings(tokens))
        builder.set("tokenizer.ggml.scores", .float32s(scores))
        builder.set("tokenizer.ggml.token_type", .int32s(types))
        builder.set("tokenizer.ggml.bos_token_id", .uint32(1))
        builder.set("tokenizer.ggml.eos_token_id", .uint32(2))
        builder.set("tokenizer.ggml.unknown_token_id", .uint32(0))
        return builder
    }
}
