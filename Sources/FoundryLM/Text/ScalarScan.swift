/// Text as Unicode scalars with the character classes pre-tokenizer patterns test, and where
/// each scalar starts in the UTF-8 bytes. The hand-written pre-tokenizer scanners (tiktoken's,
/// llama.cpp's gpt2 and llama3 splitters) run over it; indices are scalar indices.
struct ScalarScan {
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
            classes.append(ScalarClass.of(scalar))
            offsets.append(offset)
            offset += Int32(UTF8.width(scalar))
        }
        offsets.append(offset)
        self.scalars = scalars
        self.classes = classes
        self.offsets = offsets
    }

    /// Whether the scalar at `index` is before `end` (a segment's end; the text's by default)
    /// and has a class in `mask`.
    @inline(__always) func has(_ index: Int, _ mask: UInt8, before end: Int) -> Bool {
        index < end && classes[index] & mask != 0
    }
    @inline(__always) func has(_ index: Int, _ mask: UInt8) -> Bool { has(index, mask, before: count) }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) func isOther(_ index: Int, before end: Int) -> Bool {
        index < end && classes[index] & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0
    }
    @inline(__always) func isOther(_ index: Int) -> Bool { isOther(index, before: count) }
    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) func isPrefix(_ index: Int) -> Bool {
        index < count && classes[index] & (ScalarClass.newline | ScalarClass.letter | ScalarClass.number) == 0
    }
    @inline(__always) func isScalar(_ index: Int, _ value: UInt32) -> Bool {
        index < count && scalars[index] == value
    }
    /// Where the run of scalars having `mask` that starts at `index` ends (at `end` at the latest).
    @inline(__always) func run(from index: Int, _ mask: UInt8, before end: Int) -> Int {
        var runEnd = index
        while has(runEnd, mask, before: end) { runEnd += 1 }
        return runEnd
    }
    @inline(__always) func run(from index: Int, _ mask: UInt8) -> Int { run(from: index, mask, before: count) }

    /// The whitespace alternatives the patterns end with, at `start` in a segment ending at `end`:
    /// with `wholeRunAtEnd` first `\s++$` (the whole run when it reaches the end); with
    /// `lineBreaks` `\s*[\r\n]+` (through the run's last line break); then `\s+(?!\S)` (all of
    /// the run at the end, else all but its last scalar), then `\s+` / `\s` (one scalar).
    func whitespaceMatch(at start: Int, end: Int, lineBreaks: Bool = true, wholeRunAtEnd: Bool = false) -> Int {
        let runEnd = run(from: start, ScalarClass.space, before: end)
        if wholeRunAtEnd, runEnd == end { return runEnd }
        if lineBreaks {
            var index = runEnd - 1
            while index >= start {
                if classes[index] & ScalarClass.newline != 0 { return index + 1 }
                index -= 1
            }
        }
        if runEnd == end { return runEnd }
        return runEnd - start >= 2 ? runEnd - 1 : start + 1
    }

    /// Calls `body` with the UTF-8 byte range of each piece of the text, in order; `match`
    /// gives where the piece starting at a scalar index ends.
    @inline(__always)
    func forEachPiece(_ match: (Int) -> Int, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < count {
            let end = match(start)
            body(Int(offsets[start])..<Int(offsets[end]))
            start = end
        }
    }
}

/// The character classes the patterns use, as bits.
enum ScalarClass {
    static let letter: UInt8 = 1  // \p{L}
    static let number: UInt8 = 2  // \p{N}
    static let space: UInt8 = 4  // \s: the White_Space property
    static let newline: UInt8 = 8  // [\r\n]
    static let upperish: UInt8 = 16  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    static let lowerish: UInt8 = 32  // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    static let punctuation: UInt8 = 64  // \p{P}

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
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            bits |= punctuation
        default: break
        }
        return bits
    }
}
