/// llama.cpp's byte-level BPE over `tokenizer.ggml.merges`: a piece starts as one symbol per
/// byte; the adjacent pair listed earliest in the merges merges first (the leftmost on a tie),
/// until no adjacent pair is listed. Works on bytes; the vocabulary's byte-unicode strings are
/// mapped back at load, which gives the same merges as working on the mapped characters.
struct BytePairMergeEncoder: Sendable {
    /// `left id << 32 | right id` → `rank << 32 | merged id` (merged id `UInt32.max` when the
    /// concatenation is not a token).
    let merges: [UInt64: UInt64]
    /// Token bytes (byte-unicode decoded) → id.
    let index: ByteStringTable<Int32>
    /// The token of each single byte, or -1.
    let byteTokens: [Int32]
    /// A piece that is a token as a whole is that token (llama3, tekken and similar).
    let ignoreMerges: Bool

    struct Workspace {
        var ids: [Int32] = []
        var lengths: [Int] = []
        var previous: [Int] = []
        var next: [Int] = []
        var heap = MergeQueue<Pair>()
    }

    struct Pair: MergeCandidate {
        let rank: UInt32
        let left: Int
        let right: Int
        let leftID: Int32
        let rightID: Int32
        let merged: Int32

        /// Lower rank first, then the leftmost.
        @inline(__always) func precedes(_ other: Pair) -> Bool {
            rank < other.rank || (rank == other.rank && left < other.left)
        }
    }

    private static let none = UInt32.max

    /// Appends the tokens of one pre-tokenized piece (raw bytes) to `output`.
    func encode(_ piece: ArraySlice<UInt8>, workspace w: inout Workspace, into output: inout [Int32]) {
        guard !piece.isEmpty else { return }
        if ignoreMerges, let id = index[piece] {
            output.append(id)
            return
        }
        let count = piece.count
        w.ids.removeAll(keepingCapacity: true)
        w.lengths.removeAll(keepingCapacity: true)
        w.previous.removeAll(keepingCapacity: true)
        w.next.removeAll(keepingCapacity: true)
        w.heap.removeAll()
        for (i, byte) in piece.enumerated() {
            w.ids.append(byteTokens[Int(byte)])
            w.lengths.append(1)
            w.previous.append(i - 1)
            w.next.append(i + 1 < count ? i + 1 : -1)
        }
        for right in 1..<max(1, count) { addPair(right - 1, right, &w) }

        while let pair = w.heap.pop() {
            let left = pair.left, right = pair.right
            // Skip a pair one of whose symbols has changed since it was queued.
            guard w.lengths[left] != 0, w.lengths[right] != 0, w.ids[left] == pair.leftID, w.ids[right] == pair.rightID else { continue }
            w.lengths[left] += w.lengths[right]
            w.lengths[right] = 0
            w.ids[left] = pair.merged
            w.next[left] = w.next[right]
            if w.next[right] >= 0 { w.previous[w.next[right]] = left }
            addPair(w.previous[left], left, &w)
            addPair(left, w.next[left], &w)
        }

        var symbol = 0
        var offset = piece.startIndex
        while symbol != -1 {
            let length = w.lengths[symbol]
            if w.ids[symbol] >= 0 {
                output.append(w.ids[symbol])
            } else {
                for byte in piece[offset..<(offset + length)] where byteTokens[Int(byte)] >= 0 {
                    output.append(byteTokens[Int(byte)])
                }
            }
            offset += length
            symbol = w.next[symbol]
        }
    }

    @inline(__always)
    private func addPair(_ left: Int, _ right: Int, _ w: inout Workspace) {
        guard left >= 0, right >= 0 else { return }
        let leftID = w.ids[left], rightID = w.ids[right]
        guard leftID >= 0, rightID >= 0, let entry = merges[UInt64(UInt32(leftID)) << 32 | UInt64(UInt32(rightID))] else { return }
        let merged = UInt32(truncatingIfNeeded: entry)
        w.heap.push(
            Pair(rank: UInt32(entry >> 32), left: left, right: right, leftID: leftID, rightID: rightID,
                 merged: merged == Self.none ? -1 : Int32(merged)))
    }
}
