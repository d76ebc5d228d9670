import FoundryCore

/// A strict RFC 4180 CSV reader: comma-separated fields, fields quoted with `"` may hold commas,
/// line breaks and doubled quotes (`""` is one `"`), records end with LF or CRLF, a leading UTF-8
/// byte-order mark is skipped. Every record carries the line it starts on, so errors can say
/// "FILE line N". Pure: works on bytes, reads no files.
public struct CSVReader: Sendable {
    /// One record: its fields and the 1-based line on which it starts.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        public var line: Int
    }

    /// The name used in error messages (usually the file path).
    public var source: String

    public init(source: String) {
        self.source = source
    }

    /// All records of `bytes`. A final line break is optional; a completely empty line between
    /// records is skipped. Throws `FoundryError.failure("SOURCE line N: …")` for an unterminated
    /// quoted field or text after a closing quote.
    public func records(_ bytes: [UInt8]) throws -> [Record] {
        try bytes.withUnsafeBufferPointer { try parse($0) }
    }

    private func parse(_ b: UnsafeBufferPointer<UInt8>) throws -> [Record] {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var i = 0
        let n = b.count
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var sawAnything = false  // the current record has at least one character or separator

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            if sawAnything { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
            sawAnything = false
            atFieldStart = true
        }

        while i < n {
            let c = b[i]
            if atFieldStart && c == quote {
                // Quoted field: read to the closing quote.
                let startLine = line
                sawAnything = true
                i += 1
                var closed = false
                while i < n {
                    let q = b[i]
                    if q == quote {
                        if i + 1 < n && b[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if q == lf { line += 1 }
                    field.append(q)
                    i += 1
                }
                if !closed {
                    throw FoundryError.failure(
                        "\(source) line \(startLine): quoted field is never closed (a \" is missing)",
                        hint: "a quote inside a quoted field must be doubled (\"\")")
                }
                // After the closing quote: a separator, a line end, or the end of input.
                if i < n {
                    let next = b[i]
                    if next == comma {
                        endField(); i += 1; atFieldStart = true
                        continue
                    } else if next == lf || next == cr {
                        endField()
                        i += (next == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                        endRecord(); line += 1; recordLine = line
                        continue
                    } else {
                        throw FoundryError.failure(
                            "\(source) line \(line): unexpected text after the closing quote of a field",
                            hint: "a quote inside a quoted field must be doubled (\"\")")
                    }
                } else {
                    endField()
                    atFieldStart = true
                    continue
                }
            }
            atFieldStart = false
            switch c {
            case comma:
                sawAnything = true
                endField(); atFieldStart = true
                i += 1
            case lf, cr:
                if sawAnything || !field.isEmpty { endField() }
                i += (c == cr && i + 1 < n && b[i + 1] == lf) ? 2 : 1
                endRecord(); line += 1; recordLine = line
            default:
                sawAnything = true
                field.append(c)
                i += 1
            }
        }
        if sawAnything {
            if !atFieldStart || !field.isEmpty || fields.isEmpty || b[n - 1] == comma { endField() }
            records.append(Record(fields: fields, line: recordLine))
        }
        return records
    }
}
