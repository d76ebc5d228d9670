/// A byte-level BPE vocabulary's tokens as the bytes they stand for (GPT-2's byte-unicode
/// mapping undone), in one buffer; a token with a character outside the mapping is not decodable.
struct ByteLevelTexts {
    let decoded: FlatByteStrings
    let decodable: [Bool]

    init(_ vocabulary: TokenVocabulary) {
        var decoded = FlatByteStrings(reservingCount: vocabulary.count, bytes: vocabulary.texts.bytes.count)
        var decodable = [Bool](repeating: false, count: vocabulary.count)
        var scratch: [UInt8] = []
        for id in 0..<vocabulary.count {
            decodable[id] = ByteLevelMapping.decode(vocabulary.text(id), into: &scratch)
            decoded.append(decodable[id] ? scratch : [])
        }
        self.decoded = decoded
        self.decodable = decodable
    }
}
