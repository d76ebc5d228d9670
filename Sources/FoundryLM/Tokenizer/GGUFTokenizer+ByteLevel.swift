extension GGUFTokenizer {
    /// The BPE encoder of a `gpt2` vocabulary: token strings mapped back to bytes, the merges
    /// list as pairs of token ids (or, for tekken, the token ids as tiktoken ranks).
    static func bytePairEncoder(
        _ vocabulary: TokenVocabulary, _ settings: BPEPreTokenizer.Settings, _ keys: TokenizerKeys
    ) throws -> BytePairEncoder {
        var index = ByteStringTable(capacity: vocabulary.count)
        var decoded: [UInt8] = []
        var ranks: [(bytes: ArraySlice<UInt8>, rank: UInt32)] = []
        ranks.reserveCapacity(settings.mergeByTokenRank ? vocabulary.count : 0)
        for id in 0..<vocabulary.count where ByteLevelMapping.decode(vocabulary.text(id), into: &decoded) {
            let bytes = ArraySlice(decoded)
            index.insert(bytes, Int32(id))
            if settings.mergeByTokenRank, vocabulary.attributes[id].contains(.normal) { ranks.append((bytes, UInt32(id))) }
        }
        if settings.mergeByTokenRank {
            guard let table = TiktokenRanks(ranks: ranks) else {
                throw keys.fail("tokenizer.ggml.tokens lacks some of the 256 single-byte tokens a tekken vocabulary has")
            }
            return .ranks(TiktokenEncoder(ranks: table))
        }

        let byteTokens = (0..<256).map { index[[UInt8($0)][...]] ?? -1 }
        guard let mergeList = try keys.strings("tokenizer.ggml.merges", required: true) else {
            throw keys.fail("tokenizer.ggml.merges is missing")
        }
        var merges: [UInt64: UInt64] = [:]
        merges.reserveCapacity(mergeList.count)
        var left: [UInt8] = [], right: [UInt8] = []
        for rank in 0..<mergeList.count {
            let merge = mergeList[rank]
            // "first second", split at the first space after the first byte (as llama.cpp does).
            guard merge.count > 1, let space = merge.dropFirst().firstIndex(of: 0x20),
                  ByteLevelMapping.decode(merge[merge.startIndex..<space], into: &left),
                  ByteLevelMapping.decode(merge[(space + 1)...], into: &right),
                  let leftID = index[left[...]], let rightID = index[right[...]]
            else { continue }
            let key = UInt64(UInt32(leftID)) << 32 | UInt64(UInt32(rightID))
            guard merges[key] == nil else { continue }  // the first listing wins
            let merged = index[(left + right)[...]].map { UInt32($0) } ?? UInt32.max
            merges[key] = UInt64(rank) << 32 | UInt64(merged)
        }
        return .merges(BytePairMergeEncoder(merges: merges, index: index, byteTokens: byteTokens, ignoreMerges: settings.ignoreMerges))
    }

    /// What each token writes when special tokens are not rendered (llama.cpp's
    /// `token_to_piece` with `special = false`).
    static func outputPieces(_ vocabulary: TokenVocabulary, byteLevel: Bool) -> FlatByteStrings {
        var pieces = FlatByteStrings(reservingCount: vocabulary.count, bytes: vocabulary.texts.bytes.count)
        var decoded: [UInt8] = []
        for id in 0..<vocabulary.count {
            let text = vocabulary.text(id)
            let attributes = vocabulary.attributes[id]
            if !attributes.isDisjoint(with: [.control, .unknown]) {
                pieces.append(EmptyCollection<UInt8>())
            } else if attributes.contains(.userDefined) {
                pieces.append(text)
            } else if attributes.contains(.normal) {
                if byteLevel {
                    pieces.append(ByteLevelMapping.decode(text, into: &decoded) ? decoded[...] : text)
                } else {
                    pieces.append(unescapingSpaces(text))
                }
            } else if attributes.contains(.byte), let byte = byteValue(text) {
                pieces.append(CollectionOfOne(byte))
            } else {
                pieces.append(EmptyCollection<UInt8>())
            }
        }
        return pieces
    }

    /// `▁` (U+2581) written back as a space.
    static func unescapingSpaces(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0xE2, i + 2 < text.endIndex, text[i + 1] == 0x96, text[i + 2] == 0x81 {
                result.append(0x20)
                i += 3
            } else {
                result.append(text[i])
                i += 1
            }
        }
        return result
    }

    /// The byte of a `<0xAB>` token.
    static func byteValue(_ text: ArraySlice<UInt8>) -> UInt8? {
        guard text.count == 6, text.starts(with: Array("<0x".utf8)), text.last == 0x3E else { return nil }
        return UInt8(String(decoding: text.dropFirst(3).prefix(2), as: UTF8.self), radix: 16)
    }
}
