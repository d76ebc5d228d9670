/// llama.cpp's SentencePiece-style tokenizer (`tokenizer.ggml.model = llama`): the text, with
/// spaces written as `▁`, starts as one symbol per UTF-8 character; the adjacent pair whose
/// concatenation is the vocabulary token with the highest score merges first (the leftmost on a
/// tie), until no pair is a token. A symbol left that is not a token is written as byte tokens
/// (`<0xE2>`, byte fallback).
struct SentencePieceEncoder: Sendable {
    /// Scratch space reused across calls on one thread.
    struct Workspace {
        var starts: [Int] = []
        var lengths: [Int] = []
        var previous: [Int] = []
        var next: [Int] = []
        var heap = MergeQueue<Bigram>()
    }

    struct Bigram: MergeCandidate {
        let score: Float
        let left: Int
        let right: Int
        let size: Int

        /// Whether `self` is merged before `other`: higher score, then lower left index.
        @inline(__always) func precedes(_ other: Bigram) -> Bool {
            score > other.score || (score == other.score && left < other.left)
        }
    }

    /// The token of each byte for byte fallback (`<0xAB>`, else the one-byte text), or -1.
    let byteTokens: [Int32]
    let unknown: Int32?

    init(vocabulary: TokenVocabulary, unknown: Int32?) {
        byteTokens = (0..<256).map { byte in
            let digits = Array("0123456789ABCDEF".utf8)
            let hex: [UInt8] = [0x3C, 0x30, 0x78, digits[byte >> 4], digits[byte & 15], 0x3E]  // <0xAB>
            if let id = vocabulary.index[hex[...]] { return id }
            return vocabulary.index[[UInt8(byte)][...]] ?? -1
        }
        self.unknown = unknown
    }

    /// Appends the tokens of `text` (already escaped: spaces as `▁`) to `output`.
    func encode(_ text: ArraySlice<UInt8>, vocabulary: TokenVocabulary, workspace w: inout Workspace, into output: inout [Int32]) {
        guard !text.isEmpty else { return }
        w.starts.removeAll(keepingCapacity: true)
        w.lengths.removeAll(keepingCapacity: true)
        w.previous.removeAll(keepingCapacity: true)
        w.next.removeAll(keepingCapacity: true)
        w.heap.removeAll()
        var offset = text.startIndex
        while offset < text.endIndex {
            let length = min(Self.utf8Length(text[offset]), text.endIndex - offset)
            let index = w.starts.count
            w.starts.append(offset)
            w.lengths.append(length)
            w.previous.append(index - 1)
            offset += length
            w.next.append(offset == text.endIndex ? -1 : index + 1)
        }
        for right in 1..<max(1, w.starts.count) { addBigram(right - 1, right, text, vocabulary, &w) }

        while let bigram = w.heap.pop() {
            let left = bigram.left, right = bigram.right
            // Skip a pair one of whose symbols has changed since it was queued.
            guard w.lengths[left] != 0, w.lengths[right] != 0, w.lengths[left] + w.lengths[right] == bigram.size else { continue }
            w.lengths[left] += w.lengths[right]
            w.lengths[right] = 0
            w.next[left] = w.next[right]
            if w.next[right] >= 0 { w.previous[w.next[right]] = left }
            addBigram(w.previous[left], left, text, vocabulary, &w)
            addBigram(left, w.next[left], text, vocabulary, &w)
        }

        var symbol = 0
        while symbol != -1 {
            let piece = text[w.starts[symbol]..<(w.starts[symbol] + w.lengths[symbol])]
            if let id = vocabulary.index[piece] {
                output.append(id)
            } else {
                for byte in piece {
                    let id = byteTokens[Int(byte)]
                    if id >= 0 { output.append(id) } else if let unknown { output.append(unknown) }
                }
            }
            symbol = w.next[symbol]
        }
    }

    private func addBigram(_ left: Int, _ right: Int, _ text: ArraySlice<UInt8>, _ vocabulary: TokenVocabulary, _ w: inout Workspace) {
        guard left >= 0, right >= 0 else { return }
        let size = w.lengths[left] + w.lengths[right]
        guard let id = vocabulary.index[text[w.starts[left]..<(w.starts[left] + size)]] else { return }
        w.heap.push(Bigram(score: vocabulary.scores[Int(id)], left: left, right: right, size: size))
    }

    /// The length of the UTF-8 sequence a byte starts, from its high four bits (as llama.cpp
    /// reads it: a continuation byte counts as one).
    @inline(__always) static func utf8Length(_ byte: UInt8) -> Int {
        switch byte >> 4 {
        case 0xC, 0xD: 2
        case 0xE: 3
        case 0xF: 4
        default: 1
        }
    }
}
