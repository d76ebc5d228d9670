import Foundation

/// A TOML 1.0 parser for configuration files. Errors carry the line they occurred on.
public struct TOMLParser {
    public struct ParseError: Error, Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var root = TOMLTable()
    private var current: [String] = []
    private var arraysOfTables: Set<[String]> = []
    private var definedByHeader: Set<[String]> = []

    public static func parse(_ text: String) throws(ParseError) -> TOMLTable {
        var parser = TOMLParser(text)
        return try parser.document()
    }

    private init(_ text: String) { s = Array(text.unicodeScalars) }

    // MARK: document structure

    private mutating func document() throws(ParseError) -> TOMLTable {
        if peek == "\u{FEFF}" { i += 1 }
        while i < s.count {
            skipSpaces()
            guard let c = peek else { break }
            if c == "#" { try comment() }
            else if c == "\n" || c == "\r" { try newline() ; continue }
            else if c == "[" { try header() }
            else { try keyValue() }
            skipSpaces()
            if peek == "#" { try comment() }
            if i < s.count { try newline() }
        }
        return root
    }

    private mutating func header() throws(ParseError) {
        let headerLine = line
        i += 1
        let isArray = peek == "["
        if isArray { i += 1 }
        skipSpaces()
        let path = try key()
        skipSpaces()
        guard peek == "]" else { throw fail("expected ']' to close the table header") }
        i += 1
        if isArray {
            guard peek == "]" else { throw fail("expected ']]' to close the array-of-tables header") }
            i += 1
        }
        let name = path.joined(separator: ".")
        if isArray {
            try appendTableArray(path, line: headerLine)
        } else {
            if definedByHeader.contains(path) { throw ParseError(line: headerLine, message: "table [\(name)] is defined twice") }
            definedByHeader.insert(path)
            try navigate(path, line: headerLine) { (t: inout TOMLTable) throws(ParseError) in
                if t.explicitlyDefined || t.isInline { throw ParseError(line: headerLine, message: "table [\(name)] is defined twice") }
                t.explicitlyDefined = true
                t.headerLine = headerLine
            }
        }
        current = path
    }

    private mutating func keyValue() throws(ParseError) {
        let keyLine = line
        let path = try key()
        skipSpaces()
        guard peek == "=" else {
            throw fail("expected '=' after key '\(path.joined(separator: "."))'")
        }
        i += 1
        skipSpaces()
        let value = try self.value()
        let full = current + path
        let parent = Array(full.dropLast())
        let last = full[full.count - 1]
        try navigate(parent, line: keyLine) { (t: inout TOMLTable) throws(ParseError) in
            if t.isInline { throw ParseError(line: keyLine, message: "cannot add keys to inline table '\(parent.joined(separator: "."))'") }
            if t.values[last] != nil {
                throw ParseError(line: keyLine, message: "key '\(full.joined(separator: "."))' is defined twice")
            }
            t.set(last, value, line: keyLine)
        }
    }

    /// Runs `body` on the table at `path`, creating implicit tables along the way; arrays of
    /// tables are entered through their last element.
    private mutating func navigate(
        _ path: [String], line: Int, _ body: (inout TOMLTable) throws(ParseError) -> Void
    ) throws(ParseError) {
        try Self.walk(&root, path[...], line: line, body)
    }

    private static func walk(
        _ table: inout TOMLTable, _ path: ArraySlice<String>, line: Int, _ body: (inout TOMLTable) throws(ParseError) -> Void
    ) throws(ParseError) {
        guard let head = path.first else { try body(&table); return }
        let rest = path.dropFirst()
        switch table.values[head] {
        case nil:
            var child = TOMLTable()
            child.headerLine = line
            try walk(&child, rest, line: line, body)
            table.set(head, .table(child), line: line)
        case .table(var child)?:
            try walk(&child, rest, line: line, body)
            table.values[head] = .table(child)
        case .array(var elements)?:
            guard case .table(var last)? = elements.last else {
                throw ParseError(line: line, message: "key '\(head)' is an array, not a table")
            }
            try walk(&last, rest, line: line, body)
            elements[elements.count - 1] = .table(last)
            table.values[head] = .array(elements)
        case let other?:
            throw ParseError(line: line, message: "key '\(head)' is a \(other.typeName), not a table")
        }
    }

    private mutating func appendTableArray(_ path: [String], line: Int) throws(ParseError) {
        let parent = Array(path.dropLast())
        let last = path[path.count - 1]
        let known = arraysOfTables.contains(path)
        try navigate(parent, line: line) { (t: inout TOMLTable) throws(ParseError) in
            var fresh = TOMLTable()
            fresh.headerLine = line
            fresh.explicitlyDefined = true
            switch t.values[last] {
            case nil: t.set(last, .array([.table(fresh)]), line: line)
            case .array(var elements)? where known:
                elements.append(.table(fresh))
                t.values[last] = .array(elements)
            default:
                throw ParseError(line: line, message: "'\(path.joined(separator: "."))' is already defined and is not an array of tables")
            }
        }
        arraysOfTables.insert(path)
        // Sub-tables of a previous element may be redefined in the new element.
        definedByHeader = definedByHeader.filter { !($0.starts(with: path) && $0.count > path.count) }
    }

    // MARK: keys

    private mutating func key() throws(ParseError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = peek else { throw fail("expected a key") }
            if c == "\"" { parts.append(try basicString()) }
            else if c == "'" { parts.append(try literalString()) }
            else if Self.isBare(c) {
                var k = ""
                while let d = peek, Self.isBare(d) { k.unicodeScalars.append(d); i += 1 }
                parts.append(k)
            } else { throw fail("unexpected '\(Self.show(c))' where a key was expected") }
            skipSpaces()
            if peek == "." { i += 1; continue }
            return parts
        }
    }

    private static func isBare(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    // MARK: values

    private mutating func value() throws(ParseError) -> TOMLValue {
        guard let c = peek else { throw fail("expected a value") }
        switch c {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f":
            if match("true") { return .bool(true) }
            if match("false") { return .bool(false) }
            throw fail("invalid value (strings must be quoted)")
        default: return try numberOrDate()
        }
    }

    private mutating func array() throws(ParseError) -> TOMLValue {
        i += 1
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek == "]" { i += 1; return .array(elements) }
            elements.append(try value())
            try skipWhitespaceCommentsAndNewlines()
            if peek == "," { i += 1; continue }
            if peek == "]" { i += 1; return .array(elements) }
            throw fail("expected ',' or ']' in array")
        }
    }

    private mutating func inlineTable() throws(ParseError) -> TOMLValue {
        i += 1
        var table = TOMLTable()
        table.headerLine = line
        try skipWhitespaceCommentsAndNewlines()
        if peek == "}" { i += 1; table.isInline = true; return .table(table) }
        while true {
            try skipWhitespaceCommentsAndNewlines()
            let keyLine = line
            let path = try key()
            skipSpaces()
            guard peek == "=" else { throw fail("expected '=' in inline table") }
            i += 1
            skipSpaces()
            let v = try value()
            try Self.walk(&table, path.dropLast(), line: keyLine) { (t: inout TOMLTable) throws(ParseError) in
                let last = path[path.count - 1]
                if t.values[last] != nil { throw ParseError(line: keyLine, message: "key '\(path.joined(separator: "."))' is defined twice") }
                t.set(last, v, line: keyLine)
            }
            try skipWhitespaceCommentsAndNewlines()
            if peek == "," { i += 1; continue }
            if peek == "}" { i += 1; table.isInline = true; return .table(table) }
            throw fail("expected ',' or '}' in inline table")
        }
    }

    private mutating func basicString() throws(ParseError) -> String {
        if match("\"\"\"") { return try multilineBasic() }
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("unterminated string") }
            if c == "\n" || c == "\r" { throw fail("newline in a single-line string") }
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\" { out.append(try escape()) } else { out.append(c) }
        }
    }

    private mutating func multilineBasic() throws(ParseError) -> String {
        if peek == "\n" { i += 1; line += 1 } else if peek == "\r", peekAt(1) == "\n" { i += 2; line += 1 }
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("unterminated multi-line string") }
            if match("\"\"\"") {
                while peek == "\"" { out.append("\""); i += 1 }  // up to two quotes may end the content
                return String(out)
            }
            i += 1
            if c == "\n" { line += 1 }
            if c == "\\" {
                // A line-ending backslash trims the newline and following whitespace.
                var j = i
                while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                if j < s.count, s[j] == "\n" || s[j] == "\r" {
                    i = j
                    while let d = peek, d == " " || d == "\t" || d == "\n" || d == "\r" {
                        if d == "\n" { line += 1 }
                        i += 1
                    }
                } else {
                    out.append(try escape())
                }
            } else {
                out.append(c)
            }
        }
    }

    private mutating func escape() throws(ParseError) -> Unicode.Scalar {
        guard let c = peek else { throw fail("unterminated escape") }
        i += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let d = peek, d.properties.isASCIIHexDigit else { throw fail("invalid \\\(c) escape") }
                hex.unicodeScalars.append(d)
                i += 1
            }
            guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                throw fail("\\\(c)\(hex) is not a Unicode scalar value")
            }
            return scalar
        default: throw fail("invalid escape '\\\(Self.show(c))'")
        }
    }

    private mutating func literalString() throws(ParseError) -> String {
        if match("'''") {
            if peek == "\n" { i += 1; line += 1 } else if peek == "\r", peekAt(1) == "\n" { i += 2; line += 1 }
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek else { throw fail("unterminated multi-line literal string") }
                if match("'''") {
                    while peek == "'" { out.append("'"); i += 1 }
                    return String(out)
                }
                if c == "\n" { line += 1 }
                out.append(c)
                i += 1
            }
        }
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("unterminated literal string") }
            if c == "\n" || c == "\r" { throw fail("newline in a literal string") }
            i += 1
            if c == "'" { return String(out) }
            out.append(c)
        }
    }

    private mutating func numberOrDate() throws(ParseError) -> TOMLValue {
        var token = ""
        while let c = peek, Self.isBare(c) || c == "+" || c == "." || c == ":" {
            token.unicodeScalars.append(c); i += 1
        }
        // A local date followed by a space and a time is one date-time.
        if token.count == 10, token.utf8.filter({ $0 == UInt8(ascii: "-") }).count == 2, peek == " ",
           let d = peekAt(1), d.properties.numericType != nil {
            i += 1
            token += "T"
            while let c = peek, Self.isBare(c) || c == "+" || c == "." || c == ":" { token.unicodeScalars.append(c); i += 1 }
        }
        guard !token.isEmpty else {
            guard let c = peek, c != "\n", c != "\r", c != "#" else { throw fail("expected a value after '='") }
            throw fail("unexpected '\(Self.show(c))' where a value was expected")
        }
        if let v = Self.integer(token) { return .integer(v) }
        if let v = Self.float(token) { return .float(v) }
        if Self.isDateTime(token) { return .datetime(token) }
        throw fail("invalid value '\(token)' (strings must be quoted)")
    }

    private static func integer(_ t: String) -> Int64? {
        var body = Substring(t)
        var negative = false
        if body.first == "+" || body.first == "-" { negative = body.first == "-"; body = body.dropFirst() }
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b"), t.first != "+", t.first != "-" {
            radix = body.hasPrefix("0x") ? 16 : body.hasPrefix("0o") ? 8 : 2
            body = body.dropFirst(2)
        } else if body.count > 1, body.first == "0" {
            return nil  // leading zeros are not allowed
        }
        guard validUnderscores(body) else { return nil }
        let digits = body.replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, let magnitude = Int64(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func float(_ t: String) -> Double? {
        switch t {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        guard t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), validUnderscores(Substring(t)),
              !t.hasPrefix("."), !t.hasSuffix("."), !t.contains("._"), !t.contains("_.") else { return nil }
        let cleaned = t.replacingOccurrences(of: "_", with: "")
        guard cleaned.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(cleaned)
    }

    private static func validUnderscores(_ t: Substring) -> Bool {
        !t.hasPrefix("_") && !t.hasSuffix("_") && !t.contains("__")
    }

    private static func isDateTime(_ t: String) -> Bool {
        let allowed = Set("0123456789-:TtZz.+ ")
        guard t.allSatisfy({ allowed.contains($0) }) else { return false }
        let u = Array(t.utf8)
        let isDate = u.count >= 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-")
        let isTime = u.count >= 8 && u[2] == UInt8(ascii: ":") && u[5] == UInt8(ascii: ":")
        return isDate || isTime
    }

    // MARK: lexical helpers

    private var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
    private func peekAt(_ offset: Int) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    private mutating func match(_ literal: String) -> Bool {
        let scalars = Array(literal.unicodeScalars)
        guard i + scalars.count <= s.count, Array(s[i..<(i + scalars.count)]) == scalars else { return false }
        i += scalars.count
        return true
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { i += 1 }
    }

    private mutating func comment() throws(ParseError) {
        while let c = peek, c != "\n" {
            if c == "\r", peekAt(1) == "\n" { return }
            if c.value < 0x20 && c != "\t" || c.value == 0x7F { throw fail("control character in comment") }
            i += 1
        }
    }

    private mutating func newline() throws(ParseError) {
        if peek == "\n" { i += 1; line += 1; return }
        if peek == "\r", peekAt(1) == "\n" { i += 2; line += 1; return }
        guard let c = peek else { return }
        throw fail("unexpected '\(Self.show(c))' after value (one key = value per line)")
    }

    private mutating func skipWhitespaceCommentsAndNewlines() throws(ParseError) {
        while let c = peek {
            if c == " " || c == "\t" { i += 1 }
            else if c == "#" { try comment() }
            else if c == "\n" || c == "\r" { try newline() }
            else { return }
        }
    }

    private func fail(_ message: String) -> ParseError { ParseError(line: line, message: message) }

    private static func show(_ c: Unicode.Scalar) -> String {
        c.value < 0x20 ? String(format: "\\u%04X", c.value) : String(c)
    }
}
