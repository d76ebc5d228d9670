/// The tokenizer of a GGUF file, read from its `tokenizer.ggml.*` metadata and giving the same
/// token ids as llama.cpp: SentencePiece-style (`llama`: scores, byte fallback, the leading
/// space) or byte-level BPE (`gpt2`: merges, the pre-tokenizer `tokenizer.ggml.pre` names).
/// Special tokens written in the text (`[INST]`, `<|im_start|>`) become their ids when asked.
/// Immutable after loading; safe to share between threads.
public final class GGUFTokenizer: Sendable {
    enum Model: Sendable {
        case sentencePiece(SentencePieceEncoder, addSpacePrefix: Bool)
        case bytePair(BPEPreTokenizer, BytePairEncoder)
    }

    /// How BPE merges a piece: by the merges list (llama.cpp) or by token rank (tiktoken).
    enum BytePairEncoder: Sendable {
        case merges(BytePairMergeEncoder)
        case ranks(TiktokenEncoder)
    }

    let vocabulary: TokenVocabulary
    let model: Model
    let partition: SpecialTokenPartition
    /// The bytes each token adds to the output text when special tokens are not rendered.
    let pieces: FlatByteStrings
    let endOfGeneration: Set<Int32>

    /// `llama` or `gpt2` (`tokenizer.ggml.model`).
    public let modelName: String
    /// `tokenizer.ggml.pre` (`default` when the file does not say).
    public let preTokenizerName: String
    public let bos: Int32?
    public let eos: Int32?
    /// `tokenizer.ggml.eot_token_id`, or the `<|eot_id|>`/`<|im_end|>`-style token llama.cpp finds.
    public let eot: Int32?
    public let unknown: Int32?
    /// Whether a prompt starts with BOS (`tokenizer.ggml.add_bos_token`; true for llama/SPM,
    /// llama3 and tekken when the file does not say).
    public let addBOSByDefault: Bool

    init(
        vocabulary: TokenVocabulary, model: Model, pieces: FlatByteStrings, endOfGeneration: Set<Int32>,
        modelName: String, preTokenizerName: String, bos: Int32?, eos: Int32?, eot: Int32?, unknown: Int32?,
        addBOSByDefault: Bool
    ) {
        self.vocabulary = vocabulary
        self.model = model
        self.partition = SpecialTokenPartition(vocabulary: vocabulary)
        self.pieces = pieces
        self.endOfGeneration = endOfGeneration
        self.modelName = modelName
        self.preTokenizerName = preTokenizerName
        self.bos = bos
        self.eos = eos
        self.eot = eot
        self.unknown = unknown
        self.addBOSByDefault = addBOSByDefault
    }

    public var vocabularySize: Int { vocabulary.count }

    /// The vocabulary text of BOS (`<s>`, `<|begin_of_text|>`), for chat templates.
    public var bosText: String? { bos.map { pieceText($0) } }

    /// The token ids of `text`: BOS first when `addBOS` (and the vocabulary has one); with
    /// `parseSpecial`, control tokens written in the text (`[INST]`, `<|im_start|>`) become
    /// their ids, else only user-defined tokens do and the rest is plain text.
    public func encode(_ text: String, addBOS: Bool, parseSpecial: Bool) -> [Int32] {
        encode(text, addBOS: addBOS, parseSpecial: parseSpecial, literal: [])
    }

    /// `encode`, with no special token matched inside the `literal` UTF-8 byte ranges.
    func encode(_ text: String, addBOS: Bool, parseSpecial: Bool, literal: [Range<Int>]) -> [Int32] {
        var output: [Int32] = []
        output.reserveCapacity(text.utf8.count / 3 + 2)
        if addBOS, let bos { output.append(bos) }
        let bytes = Array(text.utf8)
        let fragments = partition.fragments(of: bytes, parseSpecial: parseSpecial, vocabulary: vocabulary, literal: literal)
        switch model {
        case .sentencePiece(let encoder, let addSpacePrefix):
            var workspace = SentencePieceEncoder.Workspace()
            var escaped: [UInt8] = []
            var afterSpecial = true  // the text's start counts as following a special token
            for fragment in fragments {
                switch fragment {
                case .token(let id):
                    output.append(id)
                    afterSpecial = true
                case .text(let range):
                    escaped.removeAll(keepingCapacity: true)
                    if addSpacePrefix, afterSpecial { escaped.append(contentsOf: Self.spaceMark) }
                    for byte in bytes[range] {
                        if byte == 0x20 { escaped.append(contentsOf: Self.spaceMark) } else { escaped.append(byte) }
                    }
                    encoder.encode(escaped[...], vocabulary: vocabulary, workspace: &workspace, into: &output)
                    afterSpecial = false
                }
            }
        case .bytePair(let preTokenizer, let encoder):
            var workspace = BytePairMergeEncoder.Workspace()
            for fragment in fragments {
                switch fragment {
                case .token(let id):
                    output.append(id)
                case .text(let range):
                    let piece = bytes[range]
                    let base = range.lowerBound
                    preTokenizer.forEachPiece(in: String(decoding: piece, as: UTF8.self)) { word in
                        let slice = bytes[(base + word.lowerBound)..<(base + word.upperBound)]
                        switch encoder {
                        case .merges(let merges): merges.encode(slice, workspace: &workspace, into: &output)
                        case .ranks(let ranks): ranks.encode(slice) { output.append(Int32($0)) }
                        }
                    }
                }
            }
        }
        return output
    }

    /// The bytes `id` adds to the output text: a space for `▁`, the byte of a byte-fallback
    /// token, GPT-2's byte-unicode mapping undone; nothing for control and unknown tokens
    /// unless `special` (then their vocabulary text). An id outside the vocabulary gives nothing.
    public func pieceBytes(_ id: Int32, special: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        appendPiece(id, special: special, to: &bytes)
        return bytes
    }

    /// `pieceBytes` appended to `output` without a new array.
    func appendPiece(_ id: Int32, special: Bool = false, to output: inout [UInt8]) {
        guard id >= 0, Int(id) < vocabulary.count else { return }
        if special, vocabulary.has(Int(id), [.control, .unknown]) {
            output.append(contentsOf: vocabulary.text(Int(id)))
        } else {
            output.append(contentsOf: pieces[Int(id)])
        }
    }

    /// The token's vocabulary string as the file stores it (`▁Hello`, `Ġworld`, `<0x0A>`), for
    /// showing pieces; an id outside the vocabulary gives an empty string.
    public func pieceText(_ id: Int32) -> String {
        guard id >= 0, Int(id) < vocabulary.count else { return "" }
        return String(decoding: vocabulary.text(Int(id)), as: UTF8.self)
    }

    /// The token's attributes (normal, control, user-defined, byte, …).
    public func attributes(_ id: Int32) -> TokenAttributes {
        guard id >= 0, Int(id) < vocabulary.count else { return .undefined }
        return vocabulary.attributes[Int(id)]
    }

    /// The id of the token whose vocabulary string is exactly `text`.
    public func tokenID(_ text: String) -> Int32? { vocabulary.id(of: text) }

    /// Whether generation stops at `id`: EOS, EOT, EOM and the end-of-turn tokens llama.cpp
    /// recognises by their text (`<|eot_id|>`, `<|im_end|>`, `<|end|>`, `<end_of_turn>`, …).
    public func isEndOfGeneration(_ id: Int32) -> Bool { endOfGeneration.contains(id) }

    /// U+2581 LOWER ONE EIGHTH BLOCK, SentencePiece's space.
    static let spaceMark: [UInt8] = [0xE2, 0x96, 0x81]
}
