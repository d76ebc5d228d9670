extension GGUFTokenizer {
    /// The BPE encoder of a `gpt2` vocabulary: token strings mapped back to bytes, the merges
    /// list as pairs of token ids (or, for tekken, the token ids as tiktoken ranks).
    static func bytePairEncoder(
        _ vocabulary: TokenVocabulary, _ texts: ByteLevelTexts, _ settings: BPEPreTokenizer.Settings, _ keys: TokenizerKeys
    ) throws -> BytePairEncoder {
        if settings.mergeByTokenRank {
            var ranks: [(bytes: ArraySlice<UInt8>, rank: UInt32)] = []
            ranks.reserveCapacity(vocabulary.count)
            for id in 0..<vocabulary.count where texts.decodable[id] && vocabulary.attributes[id].contains(.normal) {
                ranks.append((texts.decoded[id], UInt32(id)))
            }
            // Without all 256 byte tokens there are no tiktoken ranks: merge as llama.cpp does.
            if let table = TiktokenRanks(ranks: ranks) { return .ranks(TiktokenEncoder(ranks: table)) }
        }

        var index = ByteStringTable<Int32>(capacity: vocabulary.count)
        for id in 0..<vocabulary.count where texts.decodable[id] { index.insert(texts.decoded[id], Int32(id)) }
        let byteTokens = (0..<256).map { index[[UInt8($0)][...]] ?? -1 }
        guard let mergeList = try keys.strings("tokenizer.ggml.merges", required: true) else {
            throw keys.fail("tokenizer.ggml.merges is missing")
        }
        var merges: [UInt64: UInt64] = [:]
        merges.reserveCapacity(mergeList.count)
        var left: [UInt8] = [], right: [UInt8] = [], both: [UInt8] = []
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
            both.removeAll(keepingCapacity: true)
            both.append(contentsOf: left)
            both.append(contentsOf: right)
            let merged = index[both[...]].map { UInt32($0) } ?? UInt32.max
            merges[key] = UInt64(rank) << 32 | UInt64(merged)
        }
        return .merges(BytePairMergeEncoder(merges: merges, index: index, byteTokens: byteTokens, ignoreMerges: settings.ignoreMerges))
    }

    /// What each token writes when special tokens are not rendered (llama.cpp's
    /// `token_to_piece` with `special = false`).
    static func outputPieces(_ vocabulary: TokenVocabulary, byteLevel: ByteLevelTexts?) -> FlatByteStrings {
        var pieces = FlatByteStrings(reservingCount: vocabulary.count, bytes: vocabulary.texts.bytes.count)
        var unescaped: [UInt8] = []
        for id in 0..<vocabulary.count {
            let text = vocabulary.text(id)
            let attributes = vocabulary.attributes[id]
            if !attributes.isDisjoint(with: [.control, .unknown]) {
                pieces.append(EmptyCollection<UInt8>())
            } else if attributes.contains(.userDefined) {
                pieces.append(text)
            } else if attributes.contains(.normal) {
                if let byteLevel {
                    pieces.append(byteLevel.decodable[id] ? byteLevel.decoded[id] : text)
                } else {
                    unescapeSpaces(text, into: &unescaped)
                    pieces.append(unescaped)
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
    static func unescapeSpaces(_ text: ArraySlice<UInt8>, into result: inout [UInt8]) {
        result.removeAll(keepingCapacity: true)
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
    }

    /// The byte of a `<0xAB>` token.
    static func byteValue(_ text: ArraySlice<UInt8>) -> UInt8? {
        guard text.count == 6, text.starts(with: Array("<0x".utf8)), text.last == 0x3E else { return nil }
        return UInt8(String(decoding: text.dropFirst(3).prefix(2), as: UTF8.self), radix: 16)
    }
}
