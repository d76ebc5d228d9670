/// Decodes the prompt cells of RouterBench CSVs, which hold a Python list of string literals
/// written by `str(list)`: `['first turn', "it's the second"]`. Supports single- and
/// double-quoted literals and the escapes Python's `repr` writes (`\\ \' \" \n \r \t \xHH \uHHHH
/// \UHHHHHHHH`). Returns nil when the text is not such a list, so the caller can use it as is.
package enum PythonStringList {
    package static func decode(_ text: String) -> [String]? {
        let s = Array(text.utf8)
        var i = 0
        func skipSpace() { while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09 { i += 1 } }
        skipSpace()
        guard i < s.count, s[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var items: [String] = []
        skipSpace()
        if i < s.count, s[i] == UInt8(ascii: "]") {
            i += 1; skipSpace()
            return i == s.count ? [] : nil
        }
        while true {
            skipSpace()
            guard i < s.count, s[i] == 0x27 || s[i] == 0x22 else { return nil }
            let q = s[i]
            i += 1
            var out: [UInt8] = []
            var closed = false
            while i < s.count {
                let c = s[i]
                if c == q { closed = true; i += 1; break }
                if c == UInt8(ascii: "\\"), i + 1 < s.count {
                    let e = s[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "\\"), 0x27, 0x22: out.append(e)
                    case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                        let width = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                        guard i + width <= s.count,
                              let v = UInt32(String(decoding: s[i..<(i + width)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(v) else { return nil }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += width
                    default:
                        // Python keeps unknown escapes verbatim.
                        out.append(UInt8(ascii: "\\")); out.append(e)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            guard closed else { return nil }
            items.append(String(decoding: out, as: UTF8.self))
            skipSpace()
            guard i < s.count else { return nil }
            if s[i] == UInt8(ascii: ",") { i += 1; continue }
            if s[i] == UInt8(ascii: "]") {
                i += 1; skipSpace()
                return i == s.count ? items : nil
            }
            return nil
        }
    }
}
