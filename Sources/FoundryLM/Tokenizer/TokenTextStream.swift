/// Turns generated token ids into text as they come, emitting only complete UTF-8: a character
/// whose bytes are split across tokens (byte-fallback tokens, byte-level BPE pieces of an emoji)
/// is held back until its last byte arrives.
public struct TokenTextStream: Sendable {
    private let tokenizer: GGUFTokenizer
    private let special: Bool
    private var pending: [UInt8] = []

    /// `renderSpecial` writes control tokens as their text instead of dropping them.
    public init(tokenizer: GGUFTokenizer, renderSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.special = renderSpecial
    }

    /// The text that is complete after `id`; an unfinished character at the end is kept.
    public mutating func append(_ id: Int32) -> String {
        tokenizer.appendPiece(id, special: special, to: &pending)
        let cut = Self.completeLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is left; bytes that never formed a character become U+FFFD.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// How many leading bytes can be emitted: all, unless the bytes end with the start of a
    /// multi-byte sequence still missing continuation bytes.
    static func completeLength(_ bytes: [UInt8]) -> Int {
        let end = bytes.count
        var start = end
        // The last sequence starts at most 3 bytes back, after continuation bytes (10xxxxxx).
        while start > 0, end - start < 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return end }
        let lead = bytes[start - 1]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return end  // ASCII, or a byte that starts nothing: emit (invalid bytes become U+FFFD)
        }
        let have = end - (start - 1)
        return have < needed ? start - 1 : end
    }
}
