/// A GGUF vocabulary: every token's text as the file stores it, its score and attributes, and
/// an index from text to id (what llama.cpp's `text_to_token` answers).
struct TokenVocabulary: Sendable {
    let texts: FlatByteStrings
    let scores: [Float]
    var attributes: [TokenAttributes]
    let index: ByteStringTable<Int32>

    var count: Int { texts.count }

    /// `texts` with an empty text replaced by `[EMPTY_<id>]`, as llama.cpp does; a repeated
    /// text is an error naming both ids.
    init(texts raw: FlatByteStrings, scores: [Float], attributes: [TokenAttributes], fail: (String) -> any Error) throws {
        var texts = FlatByteStrings(reservingCount: raw.count, bytes: raw.bytes.count + 16)
        for id in 0..<raw.count {
            let text = raw[id]
            if text.isEmpty { texts.append(Array("[EMPTY_\(id)]".utf8)) } else { texts.append(text) }
        }
        var index = ByteStringTable<Int32>(capacity: texts.count)
        for id in 0..<texts.count {
            if let earlier = index.insert(texts[id], Int32(id)) {
                throw fail("tokenizer.ggml.tokens lists '\(String(decoding: texts[id], as: UTF8.self))' twice (ids \(earlier) and \(id))")
            }
        }
        self.texts = texts
        self.scores = scores
        self.attributes = attributes
        self.index = index
    }

    @inline(__always) func text(_ id: Int) -> ArraySlice<UInt8> { texts[id] }

    func id(of text: String) -> Int32? { index[ArraySlice(text.utf8)] }

    func has(_ id: Int, _ attribute: TokenAttributes) -> Bool { !attributes[id].isDisjoint(with: attribute) }
}
