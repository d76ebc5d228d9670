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

    /// The pat_str of Mistral's tekken tokenizers (mistral-common's tekken*.json `config.pattern`,
    /// run by tiktoken): o200k_base's without the contractions and with single digits.
    static let tekkenPattern = [
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"#,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"#,
        #"\p{N}"#,
        #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
        #"\s*[\r\n]+"#,
        #"\s+(?!\S)"#,
        #"\s+"#,
    ].joined(separator: "|")

    enum Scheme: Sendable { case o200k, cl100k, tekken }

    let scheme: Scheme
    /// The pattern this scanner implements.
    let pattern: String

    /// The pre-tokenizer of a supported encoding, or nil for another name.
    init?(encoding: String) {
        switch encoding {
        case "o200k_base": (scheme, pattern) = (.o200k, Self.o200kPattern)
        case "cl100k_base": (scheme, pattern) = (.cl100k, Self.cl100kPattern)
        case "tekken": (scheme, pattern) = (.tekken, Self.tekkenPattern)
        default: return nil
        }
    }

    /// Calls `body` with each piece of `text`, in order, as a slice of the text's UTF-8 bytes.
    func forEachPiece(in text: String, _ body: (ArraySlice<UInt8>) -> Void) {
        let utf8 = Array(text.utf8)
        let scan = ScalarScan(text)
        scan.forEachPiece({ scan.match(scheme, at: $0) }) { body(utf8[$0]) }
    }

    /// Pieces as strings, for tests and diagnostics.
    func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        forEachPiece(in: text) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        return pieces
    }
}

extension ScalarScan {
    /// Where the piece of `scheme` that starts at `start` ends.
    func match(_ scheme: TiktokenPreTokenizer.Scheme, at start: Int) -> Int {
        switch scheme {
        case .o200k: o200kMatch(at: start)
        case .cl100k: cl100kMatch(at: start)
        case .tekken: o200kMatch(at: start, contractions: false, maxDigits: 1)
        }
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

    /// cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
    /// ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`. Every scalar is a letter, a
    /// number, whitespace or "other", so some alternative matches at `start`.
    func cl100kMatch(at start: Int) -> Int {
        if let end = contraction(at: start) { return end }
        if has(start, ScalarClass.letter) { return run(from: start, ScalarClass.letter) }
        // The possessive prefix, once taken, is never given back.
        if isPrefix(start), has(start + 1, ScalarClass.letter) { return run(from: start + 1, ScalarClass.letter) }
        if has(start, ScalarClass.number) { return run(from: start, ScalarClass.number, before: min(count, start + 3)) }
        let other = isScalar(start, 0x20) && isOther(start + 1) ? start + 1 : start
        if isOther(other) {
            var end = other
            while isOther(end) { end += 1 }
            return run(from: end, ScalarClass.newline)
        }
        return whitespaceMatch(at: start, end: count, wholeRunAtEnd: true)
    }

    /// o200k_base: the seven alternatives of `o200kPattern`, tried in order. Tekken's pattern is
    /// the same without the contractions and with `\p{N}` for `\p{N}{1,3}`.
    func o200kMatch(at start: Int, contractions: Bool = true, maxDigits: Int = 3) -> Int {
        func withContraction(_ end: Int) -> Int { contractions ? contraction(at: end) ?? end : end }
        // 1. [^\r\n\p{L}\p{N}]?[A]*[B]+ then an optional contraction (A = Lu Lt Lm Lo M,
        //    B = Ll Lm Lo M); the greedy prefix is tried taken, then not.
        if isPrefix(start), let end = upperThenLower(from: start + 1) { return withContraction(end) }
        if let end = upperThenLower(from: start) { return withContraction(end) }
        // 2. [^\r\n\p{L}\p{N}]?[A]+[B]* then an optional contraction.
        if isPrefix(start), has(start + 1, ScalarClass.upperish) {
            return withContraction(run(from: run(from: start + 1, ScalarClass.upperish), ScalarClass.lowerish))
        }
        if has(start, ScalarClass.upperish) {
            return withContraction(run(from: run(from: start, ScalarClass.upperish), ScalarClass.lowerish))
        }
        // 3. \p{N}{1,3}
        if has(start, ScalarClass.number) { return run(from: start, ScalarClass.number, before: min(count, start + maxDigits)) }
        // 4.  ?[^\s\p{L}\p{N}]+[\r\n/]*
        let other = isScalar(start, 0x20) && isOther(start + 1) ? start + 1 : start
        if isOther(other) {
            var end = other
            while isOther(end) { end += 1 }
            while has(end, ScalarClass.newline) || isScalar(end, 0x2F) { end += 1 }
            return end
        }
        // 5. \s*[\r\n]+  6. \s+(?!\S)  7. \s+
        return whitespaceMatch(at: start, end: count)
    }

    /// `[A]*[B]+` from `start`: A* takes the longest run, then gives back one scalar at a time
    /// until a B can follow; B+ then takes its longest run. Nil when no B can follow.
    private func upperThenLower(from start: Int) -> Int? {
        let upperEnd = run(from: start, ScalarClass.upperish)
        var split = upperEnd
        while split >= start {
            if has(split, ScalarClass.lowerish) { return run(from: split, ScalarClass.lowerish) }
            split -= 1
        }
        return nil
    }
}
