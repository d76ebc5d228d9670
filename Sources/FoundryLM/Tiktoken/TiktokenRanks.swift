import FoundryCore
import FoundryGGUF

/// The mergeable ranks of a tiktoken encoding, read from a `.tiktoken` file: one line per token,
/// `<base64 of the token's bytes> <rank>`. A token's rank is also its id.
struct TiktokenRanks: Sendable {
    /// Each token's rank, keyed by its bytes.
    private let table: ByteStringTable<UInt32>
    /// The rank of each single byte: all 256 are required by byte-level BPE.
    let byteRanks: [UInt32]
    /// How many tokens the file ranks.
    let count: Int

    /// Reads and validates `path`. A malformed line is an error naming the file and the line.
    init(path: String) throws {
        let file = try MappedFile(path: path)
        // The map must outlive the parse: `file` unmaps in deinit.
        self = try withExtendedLifetime(file) { try TiktokenRanks(contents: file.bytes, path: path) }
    }

    /// Parses rank-file contents; `path` only names the file in errors.
    init(contents: UnsafeRawBufferPointer, path: String) throws {
        func invalid(_ line: Int, _ message: String) -> FoundryError {
            FoundryError.failure("invalid tiktoken file '\(path)' line \(line): \(message)")
        }
        var table = ByteStringTable<UInt32>(capacity: contents.count / 17)
        var lineOfRank: [UInt32: Int] = [:]
        var byteRanks = [UInt32?](repeating: nil, count: 256)
        lineOfRank.reserveCapacity(contents.count / 17)

        var lineNumber = 0
        var lineStart = 0
        var decoded: [UInt8] = []
        while lineStart < contents.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < contents.count, contents[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var end = lineEnd
            if end > lineStart, contents[end - 1] == 0x0D { end -= 1 }
            if end == lineStart { continue }  // tiktoken skips empty lines

            let line = UnsafeRawBufferPointer(rebasing: contents[lineStart..<end])
            guard let space = line.firstIndex(of: 0x20), space > 0, space + 1 < line.count,
                  !line[(space + 1)...].contains(0x20)
            else {
                throw invalid(lineNumber, "expected '<base64 token> <rank>', found '\(Self.excerpt(line))'")
            }
            let token = UnsafeRawBufferPointer(rebasing: line[..<space])
            let rankText = UnsafeRawBufferPointer(rebasing: line[(space + 1)...])
            guard Base64.decode(token, into: &decoded), !decoded.isEmpty else {
                throw invalid(lineNumber, "'\(Self.excerpt(token))' is not a base64 token")
            }
            guard let rank = Self.parseRank(rankText) else {
                throw invalid(lineNumber, "rank '\(Self.excerpt(rankText))' is not an integer from 0 to \(UInt32.max - 1)")
            }
            if let earlier = lineOfRank.updateValue(lineNumber, forKey: rank) {
                throw invalid(lineNumber, "rank \(rank) is already used on line \(earlier)")
            }
            if let previous = table.insert(decoded[...], rank) {
                let earlier = lineOfRank[previous].map { " on line \($0)" } ?? ""
                throw invalid(lineNumber, "token '\(Self.excerpt(token))' is already listed\(earlier)")
            }
            if decoded.count == 1 { byteRanks[Int(decoded[0])] = rank }
        }

        var ranks: [UInt32] = []
        ranks.reserveCapacity(256)
        for (byte, rank) in byteRanks.enumerated() {
            guard let rank else {
                throw FoundryError.failure(
                    "invalid tiktoken file '\(path)': the single byte 0x\(String(byte, radix: 16, uppercase: true)) has no rank"
                        + " (a byte-level BPE file ranks all 256 bytes)")
            }
            ranks.append(rank)
        }
        self.table = table
        self.byteRanks = ranks
        self.count = lineOfRank.count
    }

    /// Ranks given directly (a GGUF vocabulary of a tiktoken-based tokenizer, where a token's id
    /// is its rank); nil unless all 256 single bytes are ranked.
    init?(ranks: [(bytes: ArraySlice<UInt8>, rank: UInt32)]) {
        var table = ByteStringTable<UInt32>(capacity: ranks.count)
        var byteRanks = [UInt32?](repeating: nil, count: 256)
        for (bytes, rank) in ranks where !bytes.isEmpty {
            table.insert(bytes, rank)
            if bytes.count == 1, byteRanks[Int(bytes[bytes.startIndex])] == nil { byteRanks[Int(bytes[bytes.startIndex])] = rank }
        }
        let complete = byteRanks.compactMap { $0 }
        guard complete.count == 256 else { return nil }
        self.table = table
        self.byteRanks = complete
        self.count = ranks.count
    }

    /// The rank of the token with exactly these bytes, if there is one.
    @inline(__always)
    func rank(_ bytes: ArraySlice<UInt8>) -> UInt32? { table[bytes] }

    /// A decimal rank below UInt32.max (which the merge loop reserves for "no rank").
    private static func parseRank(_ text: UnsafeRawBufferPointer) -> UInt32? {
        guard !text.isEmpty, text.count <= 10 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value < UInt64(UInt32.max) ? UInt32(value) : nil
    }

    /// At most 40 characters of a line for an error message.
    private static func excerpt(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return bytes.count > 40 ? text + "…" : text
    }
}

/// Strict standard base64 (RFC 4648 alphabet, `=` padding only at the end), as in `.tiktoken` files.
enum Base64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(char)] = UInt8(index)
        }
        return table
    }()

    /// Decodes `text` into `output` (replacing its contents); false when it is not valid base64.
    static func decode(_ text: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        guard text.count % 4 == 0 else { return false }
        var padding = 0
        if text.count >= 4 {
            if text[text.count - 1] == 0x3D { padding += 1 }
            if text[text.count - 2] == 0x3D { padding += 1 }
        }
        var quad: UInt32 = 0
        for (index, char) in text.enumerated() {
            let value: UInt8
            if char == 0x3D, index >= text.count - padding {
                value = 0
            } else {
                value = values[Int(char)]
                guard value != 0xFF else { return false }
            }
            quad = quad << 6 | UInt32(value)
            if index % 4 == 3 {
                output.append(UInt8(truncatingIfNeeded: quad >> 16))
                output.append(UInt8(truncatingIfNeeded: quad >> 8))
                output.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
            }
        }
        if padding > 0 {
            // The bits the padding stands for must be zero (canonical encoding).
            let last = values[Int(text[text.count - 1 - padding])]
            let unused: UInt8 = padding == 2 ? 0x0F : 0x03
            guard last & unused == 0 else { return false }
            output.removeLast(padding)
        }
        return true
    }
}
