/// llama.cpp's hand-written splitters (unicode.cpp `unicode_regex_split_custom_gpt2` and
/// `_llama3`), which stand for the regexes below. Each returns where the piece starting at `pos`
/// ends; `end` bounds the segment being split (scalars past it count as absent).
extension ScalarScan {
    @inline(__always) private func classAt(_ index: Int, _ end: Int) -> UInt8? {
        index < end ? classes[index] : nil
    }

    @inline(__always) private func isLetter(_ index: Int, _ end: Int) -> Bool {
        index < end && classes[index] & ScalarClass.letter != 0
    }

    @inline(__always) private func isNumber(_ index: Int, _ end: Int) -> Bool {
        index < end && classes[index] & ScalarClass.number != 0
    }

    @inline(__always) private func isSpace(_ index: Int, _ end: Int) -> Bool {
        index < end && classes[index] & ScalarClass.space != 0
    }

    /// In range and not whitespace, a letter or a number: `[^\s\p{L}\p{N}]`.
    @inline(__always) private func isOther(_ index: Int, _ end: Int) -> Bool {
        index < end && classes[index] & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0
    }

    @inline(__always) private func asciiLower(_ index: Int, _ end: Int) -> UInt32 {
        guard index < end else { return 0 }
        let value = scalars[index]
        return value >= 0x41 && value <= 0x5A ? value + 0x20 : value
    }

    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    func gpt2Match(at pos: Int, end: Int) -> Int {
        let cpt = scalars[pos]
        if cpt == 0x27, pos + 1 < end {  // contractions, case-sensitive
            let next = scalars[pos + 1]
            if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return pos + 2 }  // s t m d
            if pos + 2 < end {
                let after = scalars[pos + 2]
                if (next == 0x72 && after == 0x65) || (next == 0x76 && after == 0x65) || (next == 0x6C && after == 0x6C) {
                    return pos + 3  // re ve ll
                }
            }
        }
        let space = cpt == 0x20
        let probe = space ? pos + 1 : pos
        if isLetter(probe, end) {
            var p = probe
            while isLetter(p, end) { p += 1 }
            return p
        }
        if isNumber(probe, end) {
            var p = probe
            while isNumber(p, end) { p += 1 }
            return p
        }
        if isOther(probe, end) {
            var p = probe
            while isOther(p, end) { p += 1 }
            return p
        }
        return whitespaceMatch(at: pos, end: end, lineBreaks: false)
    }

    /// Llama 3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
    /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`; with `maxDigits` 1 it is Qwen 2's
    /// (`\p{N}` alone), which llama.cpp runs through std::regex with the same result.
    func llama3Match(at pos: Int, end: Int, maxDigits: Int) -> Int {
        let cpt = scalars[pos]
        if cpt == 0x27, pos + 1 < end {  // contractions, ASCII case-insensitive
            let next = asciiLower(pos + 1, end)
            if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return pos + 2 }
            if pos + 2 < end {
                let after = asciiLower(pos + 2, end)
                if (next == 0x72 && after == 0x65) || (next == 0x76 && after == 0x65) || (next == 0x6C && after == 0x6C) {
                    return pos + 3
                }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if !(cpt == 0x0D || cpt == 0x0A || isNumber(pos, end)), isLetter(pos, end) || isLetter(pos + 1, end) {
            var p = pos + 1
            while isLetter(p, end) { p += 1 }
            return p
        }
        // \p{N}{1,3}
        if isNumber(pos, end) {
            var p = pos
            while isNumber(p, end), p - pos < maxDigits { p += 1 }
            return p
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*  (a space alone at the end also ends up here, as in llama.cpp)
        let space = cpt == 0x20
        let probe = space ? pos + 1 : pos
        if classAt(probe, end).map({ $0 & (ScalarClass.space | ScalarClass.letter | ScalarClass.number) == 0 }) ?? true {
            var p = probe
            while isOther(p, end) { p += 1 }
            while p < end, scalars[p] == 0x0D || scalars[p] == 0x0A { p += 1 }
            return p
        }
        return whitespaceMatch(at: pos, end: end, lineBreaks: true)
    }

    /// `\s*[\r\n]+` (when `lineBreaks`), then `\s+(?!\S)`, then `\s+`; one scalar if none match.
    private func whitespaceMatch(at pos: Int, end: Int, lineBreaks: Bool) -> Int {
        var count = 0
        var afterLastBreak = -1
        while isSpace(pos + count, end) {
            let value = scalars[pos + count]
            if value == 0x0D || value == 0x0A { afterLastBreak = pos + count + 1 }
            count += 1
        }
        if lineBreaks, afterLastBreak > 0 { return afterLastBreak }
        if count > 1, pos + count < end { return pos + count - 1 }
        if count > 0 { return pos + count }
        return pos + 1
    }
}
