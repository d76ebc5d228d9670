/// Byte-pair encoding of one piece, as tiktoken does it: start from single bytes and repeatedly
/// merge the adjacent pair whose concatenation has the lowest rank (the leftmost on a tie) until
/// no adjacent pair is a token. Short pieces use tiktoken's own array loop; long ones (a run of
/// punctuation or a huge word, where that loop is quadratic) use a heap that merges in the same
/// order, so both give tiktoken's ids.
struct TiktokenEncoder: Sendable {
    let ranks: TiktokenRanks

    /// Pieces longer than this many bytes are merged with the heap.
    static let heapThreshold = 256
    private static let none = UInt32.max

    /// Passes the ids of `piece`, in order, to `emit`.
    @inline(__always)
    func encode(_ piece: ArraySlice<UInt8>, _ emit: (Int) -> Void) {
        if let rank = ranks.rank(piece) {
            emit(Int(rank))
        } else if piece.count <= Self.heapThreshold {
            mergeShort(piece, emit)
        } else {
            mergeLong(piece, emit)
        }
    }

    /// The rank of `piece[start..<end]` (absolute indices), or `none`.
    @inline(__always)
    private func rank(_ piece: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
        ranks.rank(piece[start..<end]) ?? Self.none
    }

    /// tiktoken's `_byte_pair_merge`: `starts[i]` is where part i begins, `pairs[i]` the rank of
    /// part i joined with part i + 1, `tokens[i]` the rank of part i itself.
    func mergeShort(_ piece: ArraySlice<UInt8>, _ emit: (Int) -> Void) {
        let base = piece.startIndex
        let count = piece.count
        var starts = [Int](repeating: 0, count: count + 1)
        var pairs = [UInt32](repeating: Self.none, count: count + 1)
        var tokens = [UInt32](repeating: Self.none, count: count + 1)
        for i in 0...count { starts[i] = base + i }
        for i in 0..<count {
            tokens[i] = ranks.byteRanks[Int(piece[base + i])]
            if i + 1 < count { pairs[i] = rank(piece, base + i, base + i + 2) }
        }
        var parts = count + 1  // the last entry only marks the end
        while true {
            var best = Self.none
            var at = -1
            for i in 0..<(parts - 1) where pairs[i] < best {
                best = pairs[i]
                at = i
            }
            guard at >= 0 else { break }
            tokens[at] = best
            starts.remove(at: at + 1)
            pairs.remove(at: at + 1)
            tokens.remove(at: at + 1)
            parts -= 1
            // Part `at` now ends at starts[at + 1]; its new pair reaches to starts[at + 2].
            pairs[at] = at + 2 < parts ? rank(piece, starts[at], starts[at + 2]) : Self.none
            if at > 0 { pairs[at - 1] = rank(piece, starts[at - 1], starts[at + 1]) }
        }
        for i in 0..<(parts - 1) { emit(Int(tokens[i])) }
    }

    /// The same merges in O(n log n): parts form a linked list indexed by their start offset,
    /// and a min-heap holds (pair rank, start) so the lowest rank, then the leftmost, comes first.
    func mergeLong(_ piece: ArraySlice<UInt8>, _ emit: (Int) -> Void) {
        let base = piece.startIndex
        let count = piece.count
        var next = [Int](repeating: 0, count: count)
        var previous = [Int](repeating: 0, count: count)
        var pairs = [UInt32](repeating: Self.none, count: count)
        var tokens = [UInt32](repeating: Self.none, count: count)
        var alive = [Bool](repeating: true, count: count)
        var heap = MergeQueue<UInt64>()
        for i in 0..<count {
            next[i] = i + 1  // `count` ends the list
            previous[i] = i - 1
            tokens[i] = ranks.byteRanks[Int(piece[base + i])]
            if i + 1 < count {
                pairs[i] = rank(piece, base + i, base + i + 2)
                if pairs[i] != Self.none { heap.push(UInt64(pairs[i]) << 32 | UInt64(i)) }
            }
        }
        /// Where the part after `part` ends.
        func pairEnd(_ part: Int) -> Int {
            let following = next[part]
            return following < count ? next[following] : count
        }
        while let top = heap.pop() {
            let part = Int(top & 0xFFFF_FFFF)
            let pairRank = UInt32(top >> 32)
            // Ranks are unique, so an entry is current exactly when it still names the part's pair.
            guard alive[part], pairs[part] == pairRank else { continue }
            let removed = next[part]
            tokens[part] = pairRank
            alive[removed] = false
            next[part] = next[removed]
            if next[part] < count { previous[next[part]] = part }
            if next[part] < count {
                pairs[part] = rank(piece, base + part, base + pairEnd(part))
                if pairs[part] != Self.none { heap.push(UInt64(pairs[part]) << 32 | UInt64(part)) }
            } else {
                pairs[part] = Self.none
            }
            let before = previous[part]
            if before >= 0 {
                pairs[before] = rank(piece, base + before, base + pairEnd(before))
                if pairs[before] != Self.none { heap.push(UInt64(pairs[before]) << 32 | UInt64(before)) }
            }
        }
        var part = 0
        while part < count {
            emit(Int(tokens[part]))
            part = next[part]
        }
    }
}

/// Packed (rank, start) keys order merges: the lowest rank first, then the leftmost.
extension UInt64: MergeCandidate {
    func precedes(_ other: UInt64) -> Bool { self < other }
}
