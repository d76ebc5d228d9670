/// How a byte-level BPE vocabulary splits text into pieces before merging, chosen by
/// `tokenizer.ggml.pre` as llama.cpp chooses it (llama-vocab.cpp).
enum BPEPreTokenizer: Sendable {
    /// GPT-2's regex (llama.cpp's hand-written splitter).
    case gpt2
    /// Llama 3's regex with up to `maxDigits` digits per piece (3; 1 is Qwen 2's regex).
    case llama3(maxDigits: Int)
    /// A tiktoken pattern: tekken (Mistral) or o200k (GPT-4o, Llama 4), split as tiktoken does.
    case tiktoken(TiktokenPreTokenizer)
    /// llama.cpp's fallback for `default`: runs of punctuation, then GPT-2's regex, then runs of
    /// digits, then groups of three ASCII digits, each splitting the pieces of the one before.
    case defaultSequence

    /// What a `tokenizer.ggml.pre` value means for a `gpt2` vocabulary.
    struct Settings: Sendable {
        let preTokenizer: BPEPreTokenizer
        /// A piece that is a token as a whole is that token.
        let ignoreMerges: Bool
        /// `tokenizer.ggml.add_bos_token` when the file does not say.
        let addBOS: Bool
        /// Merge by token rank (tiktoken's rule, the token id standing for the rank) instead of
        /// by the merges list: tekken, so that ids equal mistral-common's (tiktoken) exactly.
        let mergeByTokenRank: Bool
    }

    private static let gpt2Names: Set = [
        "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum", "modern-bert",
        "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion", "granite-docling", "exaone4",
    ]
    private static let llama3Names: Set = [
        "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano",
    ]
    private static let llama3RegexNames: Set = ["dbrx", "smaug-bpe", "chatglm-bpe", "glm4"]
    private static let qwen2Names: Set = ["qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "grok-2"]
    private static let o200kNames: Set = ["gpt-4o", "llama4"]

    /// Every `tokenizer.ggml.pre` value foundry reads, for error messages.
    static var supportedNames: [String] {
        (["default", "tekken"] + gpt2Names + llama3Names + llama3RegexNames + qwen2Names + o200kNames).sorted()
    }

    /// The settings for `pre`, or nil for a pre-tokenizer foundry does not implement.
    static func settings(pre: String) -> Settings? {
        if pre == "default" { return Settings(preTokenizer: .defaultSequence, ignoreMerges: false, addBOS: false, mergeByTokenRank: false) }
        if pre == "tekken", let tekken = TiktokenPreTokenizer(encoding: "tekken") {
            return Settings(preTokenizer: .tiktoken(tekken), ignoreMerges: true, addBOS: true, mergeByTokenRank: true)
        }
        if gpt2Names.contains(pre) { return Settings(preTokenizer: .gpt2, ignoreMerges: false, addBOS: false, mergeByTokenRank: false) }
        if llama3Names.contains(pre) {
            return Settings(preTokenizer: .llama3(maxDigits: 3), ignoreMerges: true, addBOS: true, mergeByTokenRank: false)
        }
        if llama3RegexNames.contains(pre) {
            return Settings(preTokenizer: .llama3(maxDigits: 3), ignoreMerges: false, addBOS: false, mergeByTokenRank: false)
        }
        if qwen2Names.contains(pre) {
            return Settings(preTokenizer: .llama3(maxDigits: 1), ignoreMerges: false, addBOS: false, mergeByTokenRank: false)
        }
        if o200kNames.contains(pre), let o200k = TiktokenPreTokenizer(encoding: "o200k_base") {
            return Settings(preTokenizer: .tiktoken(o200k), ignoreMerges: false, addBOS: false, mergeByTokenRank: false)
        }
        return nil
    }

    /// Calls `body` with the UTF-8 byte range of each piece of `text`, in order.
    func forEachPiece(in text: String, _ body: (Range<Int>) -> Void) {
        let scan = ScalarScan(text)
        switch self {
        case .gpt2:
            scan.forEachPiece({ scan.gpt2Match(at: $0, end: scan.count) }, body)
        case .llama3(let maxDigits):
            scan.forEachPiece({ scan.llama3Match(at: $0, end: scan.count, maxDigits: maxDigits) }, body)
        case .tiktoken(let preTokenizer):
            scan.forEachPiece({ scan.match(preTokenizer.scheme, at: $0) }, body)
        case .defaultSequence:
            for segment in scan.defaultSegments() { body(Int(scan.offsets[segment.lowerBound])..<Int(scan.offsets[segment.upperBound])) }
        }
    }
}

extension ScalarScan {
    /// llama.cpp's default BPE pre-tokenizer: `[\p{P}\$\+<=>\^~\|]+`, then GPT-2's regex, then
    /// `\p{N}+`, then `[0-9][0-9][0-9]`; each regex splits every piece of the previous one into
    /// its matches and the text between them.
    func defaultSegments() -> [Range<Int>] {
        var segments = [0..<count]
        // 1. runs of punctuation and $ + < = > ^ ~ |
        segments = split(segments) { pos, end in
            var p = pos
            while p < end, classes[p] & ScalarClass.punctuation != 0 || Self.defaultSymbols.contains(scalars[p]) { p += 1 }
            return p > pos ? p : nil
        }
        // 2. GPT-2's regex: every scalar belongs to a match.
        segments = split(segments) { pos, end in gpt2Match(at: pos, end: end) }
        // 3. runs of numbers
        segments = split(segments) { pos, end in
            var p = pos
            while p < end, classes[p] & ScalarClass.number != 0 { p += 1 }
            return p > pos ? p : nil
        }
        // 4. three ASCII digits
        segments = split(segments) { pos, end in
            guard pos + 3 <= end else { return nil }
            for i in pos..<(pos + 3) where !(0x30...0x39).contains(scalars[i]) { return nil }
            return pos + 3
        }
        return segments
    }

    private static let defaultSymbols: Set<UInt32> = [0x24, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x7E, 0x7C]

    /// Splits each segment into the matches of `match` (searched left to right, as a regex
    /// iterator does) and the runs between them.
    private func split(_ segments: [Range<Int>], _ match: (Int, Int) -> Int?) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(segments.count * 2)
        for segment in segments {
            var gapStart = segment.lowerBound
            var pos = segment.lowerBound
            while pos < segment.upperBound {
                if let end = match(pos, segment.upperBound), end > pos {
                    if gapStart < pos { result.append(gapStart..<pos) }
                    result.append(pos..<end)
                    pos = end
                    gapStart = end
                } else {
                    pos += 1
                }
            }
            if gapStart < segment.upperBound { result.append(gapStart..<segment.upperBound) }
        }
        return result
    }
}
