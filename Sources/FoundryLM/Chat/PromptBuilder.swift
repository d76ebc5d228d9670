/// A chat prompt being written: the template's markup (special tokens written out) and the
/// messages' own text, whose UTF-8 byte ranges are kept literal, so that `[INST]` or
/// `<|im_end|>` typed in a message stays text instead of becoming a control token.
struct PromptBuilder {
    private(set) var text = ""
    private(set) var literalRanges: [Range<Int>] = []

    mutating func markup(_ string: String) {
        text += string
    }

    mutating func literal(_ string: String) {
        guard !string.isEmpty else { return }
        let start = text.utf8.count
        text += string
        literalRanges.append(start..<text.utf8.count)
    }
}
