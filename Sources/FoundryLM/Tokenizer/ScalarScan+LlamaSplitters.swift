/// llama.cpp's hand-written splitters (unicode.cpp `unicode_regex_split_custom_gpt2` and
/// `_llama3`), which stand for the regexes below. Each returns where the piece starting at `pos`
/// ends; `end` bounds the segment being split (scalars past it count as absent).
extension ScalarScan {
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
        let probe = cpt == 0x20 ? pos + 1 : pos
        if has(probe, ScalarClass.letter, before: end) { return run(from: probe, ScalarClass.letter, before: end) }
        if has(probe, ScalarClass.number, before: end) { return run(from: probe, ScalarClass.number, before: end) }
        if isOther(probe, before: end) {
            var p = probe
            while isOther(p, before: end) { p += 1 }
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
        if !(cpt == 0x0D || cpt == 0x0A || has(pos, ScalarClass.number, before: end)),
           has(pos, ScalarClass.letter, before: end) || has(pos + 1, ScalarClass.letter, before: end) {
            return run(from: pos + 1, ScalarClass.letter, before: end)
        }
        // \p{N}{1,3}
        if has(pos, ScalarClass.number, before: end) {
            return run(from: pos, ScalarClass.number, before: min(end, pos + maxDigits))
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*  (a space alone at the end also ends up here, as in llama.cpp)
        let probe = cpt == 0x20 ? pos + 1 : pos
        if probe >= end || isOther(probe, before: end) {
            var p = probe
            while isOther(p, before: end) { p += 1 }
            return run(from: p, ScalarClass.newline, before: end)
        }
        return whitespaceMatch(at: pos, end: end)
    }
}
