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

    @inline(__always) func has(_ index: Int, _ mask: UInt8) -> Bool {
        index < count && classes[index] & mask != 0
    }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) func isOther(_ index: Int) -> Bool {
        index < count && classes[index] & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0
    }
    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) func isPrefix(_ index: Int) -> Bool {
        index < count && classes[index] & (ScalarClass.newline | ScalarClass.letter | ScalarClass.number) == 0
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
