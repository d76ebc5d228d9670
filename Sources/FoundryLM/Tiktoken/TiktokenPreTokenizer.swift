/// Splits text into the pieces that BPE then encodes one by one, exactly as tiktoken's regex
/// (`pat_str` in tiktoken's `tiktoken_ext/openai_public.py`, run by fancy-regex) splits it.
///
/// The patterns are kept below as the specification, and the tests check this scanner against
/// them run by ICU (NSRegularExpression) as well as against tiktoken. The scanner exists because
/// ICU's backtracking stack is bounded: on a run of a few hundred thousand letters, spaces or
/// punctuation NSRegularExpression stops matching without an error and the text would count as
/// zero tokens, where tiktoken counts it. Each alternative is matched here the way a
/// backtracking engine does (leftmost alternative first, greedy quantifiers giving back one
/// character at a time), in linear time. Character classes come from the Swift runtime's
/// Unicode tables; a scalar assigned in a Unicode version newer than one side knows can be
/// classed differently from tiktoken's Rust regex tables.
struct TiktokenPreTokenizer: Sendable {
    /// tiktoken 0.14's `o200k_base` pat_str.
    static let o200kPattern = [
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"\p{N}{1,3}"#,
        #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
        #"\s*[\r\n]+"#,
        #"\s+(?!\S)"#,
        #"\s+"#,
    ].joined(separator: "|")

    /// tiktoken 0.14's `cl100k_base` pat_str.
    static let cl100kPattern =
        #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#

    enum Scheme: Sendable { case o200k, cl100k }

    let scheme: Scheme
    /// The pattern this scanner implements.
    let pattern: String

    /// The pre-tokenizer of a supported encoding, or nil for another name.
    init?(encoding: String) {
        switch encoding {
        case "o200k_base": (scheme, pattern) = (.o200k, Self.o200kPattern)
        case "cl100k_base": (scheme, pattern) = (.cl100k, Self.cl100kPattern)
        default: return nil
        }
    }

    /// Calls `body` with each piece of `text`, in order, as a slice of the text's UTF-8 bytes.
    func forEachPiece(in text: String, _ body: (ArraySlice<UInt8>) -> Void) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return }
        let scan = Scan(text)
        var start = 0
        while start < scan.count {
            let end = scheme == .o200k ? scan.o200kMatch(at: start) : scan.cl100kMatch(at: start)
            body(utf8[Int(scan.offsets[start])..<Int(scan.offsets[end])])
            start = end
        }
    }

    /// Pieces as strings, for tests and diagnostics.
    func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        forEachPiece(in: text) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        return pieces
    }
}

/// The text as Unicode scalars with the classes the patterns test, and where each scalar starts
/// in the UTF-8 bytes. Indices below are scalar indices.
private struct Scan {
    let scalars: [UInt32]
    let classes: [UInt8]
    /// UTF-8 offset of each scalar, then the total length.
    let offsets: [Int32]
    var count: Int { scalars.count }

    init(_ text: String) {
        var scalars: [UInt32] = []
        var classes: [UInt8] = []
        var offsets: [Int32] = []
        let estimate = text.utf8.count
        scalars.reserveCapacity(estimate)
        classes.reserveCapacity(estimate)
        offsets.reserveCapacity(estimate + 1)
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar.value)
            classes.append(CharClass.of(scalar))
            offsets.append(offset)
            offset += Int32(UTF8.width(scalar))
        }
        offsets.append(offset)
        self.scalars = scalars
        self.classes = classes
        self.offsets = offsets
    }

    @inline(__always) func has(_ index: Int, _ mask: UInt8) -> Bool {
        index < count && classes[index] & mask != 0
    }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) func isOther(_ index: Int) -> Bool {
        index < count && classes[index] & (CharClass.space | CharClass.letter | CharClass.number) == 0
    }
    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) func isPrefix(_ index: Int) -> Bool {
        index < count && classes[index] & (CharClass.newline | CharClass.letter | CharClass.number) == 0
    }
    @inline(__always) func isScalar(_ index: Int, _ value: UInt32) -> Bool {
        index < count && scalars[index] == value
    }
    /// Where the run of scalars having `mask` that starts at `index` ends.
    @inline(__always) func run(from index: Int, _ mask: UInt8) -> Int {
        var end = index
        while has(end, mask) { end += 1 }
        return end
    }

    /// The scalar at `index` case-folded as `(?i:…)` folds the contraction letters
    /// (ASCII letters, and U+017F LATIN SMALL LETTER LONG S which folds to `s`), else 0.
    private func folded(_ index: Int) -> UInt32 {
        guard index < count else { return 0 }
        let value = scalars[index]
        if value == 0x17F { return 0x73 }
        if value >= 0x41, value <= 0x5A { return value + 0x20 }
        return value < 0x80 ? value : 0
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)` (o200k) and `'(?i:[sdmt]|ll|ve|re)` (cl100k) match the
    /// same strings: the end of the contraction at `index`, or nil.
    func contraction(at index: Int) -> Int? {
        guard isScalar(index, 0x27) else { return nil }
        switch folded(index + 1) {
        case 0x73, 0x74, 0x6D, 0x64: return index + 2  // s t m d
        case 0x72, 0x76: return folded(index + 2) == 0x65 ? index + 3 : nil  // re ve
        case 0x6C: return folded(index + 2) == 0x6C ? index + 3 : nil  // ll
        default: return nil
        }
    }

    /// The whitespace alternatives, at a whitespace scalar. cl100k first tries `\s++$` (the whole
    /// run when it reaches the end of the text); then both patterns try `\s*[\r\n]` /
    /// `\s*[\r\n]+` (through the run's last line break), then `\s+(?!\S)` (all of the run at the
    /// end of the text, else all but its last scalar), then `\s` / `\s+` (a run of one).
    func whitespaceMatch(at start: Int, wholeRunAtEnd: Bool) -> Int {
        let end = run(from: start, CharClass.space)
        if wholeRunAtEnd, end == count { return end }
        var index = end - 1
        while index >= start {
            if classes[index] & CharClass.newline != 0 { return index + 1 }
            index -= 1
        }
        if end == count { return end }
        return end - start >= 2 ? end - 1 : start + 1
    }

    /// cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
    /// ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`. Every scalar is a letter, a
    /// number, whitespace or "other", so some alternative matches at `start`.
    func cl100kMatch(at start: Int) -> Int {
        if let end = contraction(at: start) { return end }
        if has(start, CharClass.letter) { return run(from: start, CharClass.letter) }
        // The possessive prefix, once taken, is never given back.
        if isPrefix(start), has(start + 1, CharClass.letter) { return run(from: start + 1, CharClass.letter) }
        if has(start, CharClass.number) { return min(run(from: start, CharClass.number), start + 3) }
        let other = isScalar(start, 0x20) && isOther(start + 1) ? start + 1 : start
        if isOther(other) {
            var end = other
            while isOther(end) { end += 1 }
            return run(from: end, CharClass.newline)
        }
        return whitespaceMatch(at: start, wholeRunAtEnd: true)
    }

    /// o200k_base: the seven alternatives of `o200kPattern`, tried in order.
    func o200kMatch(at start: Int) -> Int {
        // 1. [^\r\n\p{L}\p{N}]?[A]*[B]+ then an optional contraction (A = Lu Lt Lm Lo M,
        //    B = Ll Lm Lo M); the greedy prefix is tried taken, then not.
        if isPrefix(start), let end = upperThenLower(from: start + 1) { return contraction(at: end) ?? end }
        if let end = upperThenLower(from: start) { return contraction(at: end) ?? end }
        // 2. [^\r\n\p{L}\p{N}]?[A]+[B]* then an optional contraction.
        if isPrefix(start), has(start + 1, CharClass.upperish) {
            let end = run(from: run(from: start + 1, CharClass.upperish), CharClass.lowerish)
            return contraction(at: end) ?? end
        }
        if has(start, CharClass.upperish) {
            let end = run(from: run(from: start, CharClass.upperish), CharClass.lowerish)
            return contraction(at: end) ?? end
        }
        // 3. \p{N}{1,3}
        if has(start, CharClass.number) { return min(run(from: start, CharClass.number), start + 3) }
        // 4.  ?[^\s\p{L}\p{N}]+[\r\n/]*
        let other = isScalar(start, 0x20) && isOther(start + 1) ? start + 1 : start
        if isOther(other) {
            var end = other
            while isOther(end) { end += 1 }
            while has(end, CharClass.newline) || isScalar(end, 0x2F) { end += 1 }
            return end
        }
        // 5. \s*[\r\n]+  6. \s+(?!\S)  7. \s+
        return whitespaceMatch(at: start, wholeRunAtEnd: false)
    }

    /// `[A]*[B]+` from `start`: A* takes the longest run, then gives back one scalar at a time
    /// until a B can follow; B+ then takes its longest run. Nil when no B can follow.
    private func upperThenLower(from start: Int) -> Int? {
        let upperEnd = run(from: start, CharClass.upperish)
        var split = upperEnd
        while split >= start {
            if has(split, CharClass.lowerish) { return run(from: split, CharClass.lowerish) }
            split -= 1
        }
        return nil
    }
}

/// The character classes the two patterns use, as bits.
private enum CharClass {
    static let letter: UInt8 = 1  // \p{L}
    static let number: UInt8 = 2  // \p{N}
    static let space: UInt8 = 4  // \s: the White_Space property
    static let newline: UInt8 = 8  // [\r\n]
    static let upperish: UInt8 = 16  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    static let lowerish: UInt8 = 32  // [\p{Ll}\p{Lm}\p{Lo}\p{M}]

    private static let ascii: [UInt8] = (0..<128).map { value in
        classify(Unicode.Scalar(UInt8(value)))
    }

    @inline(__always)
    static func of(_ scalar: Unicode.Scalar) -> UInt8 {
        scalar.value < 128 ? ascii[Int(scalar.value)] : classify(scalar)
    }

    private static func classify(_ scalar: Unicode.Scalar) -> UInt8 {
        let properties = scalar.properties
        var bits: UInt8 = properties.isWhitespace ? space : 0
        if scalar.value == 0x0A || scalar.value == 0x0D { bits |= newline }
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: bits |= letter | upperish
        case .lowercaseLetter: bits |= letter | lowerish
        case .modifierLetter, .otherLetter: bits |= letter | upperish | lowerish
        case .nonspacingMark, .spacingMark, .enclosingMark: bits |= upperish | lowerish
        case .decimalNumber, .letterNumber, .otherNumber: bits |= number
        default: break
        }
        return bits
    }
}
