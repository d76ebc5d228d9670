import FoundryCore
import FoundryGGUF

extension GGUFTokenizer {
    /// Reads the tokenizer from `tokenizer.ggml.*`, as llama.cpp's `llama_vocab::load` does. A
    /// missing or malformed key, or a tokenizer foundry does not implement, is an error naming
    /// the file and the key.
    public convenience init(gguf: GGUFFile) throws {
        let keys = TokenizerKeys(gguf: gguf)
        guard let modelName = try keys.string("tokenizer.ggml.model") else {
            throw FoundryError.failure(
                "'\(gguf.path)' has no tokenizer: tokenizer.ggml.model is missing",
                hint: "use a GGUF file converted with its vocabulary (llama.cpp's convert_hf_to_gguf.py writes one)")
        }
        guard modelName == "llama" || modelName == "gpt2" else {
            throw FoundryError.failure(
                "unsupported tokenizer in '\(gguf.path)': tokenizer.ggml.model is '\(modelName)'",
                hint: "foundry reads the 'llama' (SentencePiece) and 'gpt2' (byte-level BPE) tokenizers")
        }
        let pre = try keys.string("tokenizer.ggml.pre") ?? "default"
        let sentencePiece = modelName == "llama"
        var bpeSettings: BPEPreTokenizer.Settings?
        if !sentencePiece {
            guard let settings = BPEPreTokenizer.settings(pre: pre) else {
                throw FoundryError.failure(
                    "unsupported pre-tokenizer in '\(gguf.path)': tokenizer.ggml.pre is '\(pre)'",
                    hint: "foundry implements: " + BPEPreTokenizer.supportedNames.joined(separator: ", "))
            }
            bpeSettings = settings
        }

        let texts = try keys.strings("tokenizer.ggml.tokens", required: true) ?? FlatByteStrings()
        let count = texts.count
        guard count > 0 else { throw keys.fail("tokenizer.ggml.tokens is empty") }
        guard count < Int(Int32.max) else { throw keys.fail("tokenizer.ggml.tokens has \(count) tokens, too many") }
        var scores = [Float](repeating: 0, count: count)
        if let array = try keys.array("tokenizer.ggml.scores") {
            let values = try keys.read("tokenizer.ggml.scores") { try array.float32Values() }
            guard values.count >= count else { throw keys.fail("tokenizer.ggml.scores has \(values.count) entries for \(count) tokens") }
            scores = Array(values.prefix(count))
        }
        var attributes = [TokenAttributes](repeating: .normal, count: count)
        if let array = try keys.array("tokenizer.ggml.token_type") {
            let types = try keys.read("tokenizer.ggml.token_type") { try array.int32Values() }
            guard types.count >= count else { throw keys.fail("tokenizer.ggml.token_type has \(types.count) entries for \(count) tokens") }
            for id in 0..<count { attributes[id] = TokenAttributes(ggufTokenType: types[id]) }
        }
        var vocabulary = try TokenVocabulary(texts: texts, scores: scores, attributes: attributes) { keys.fail($0) }

        // Special ids: llama.cpp's defaults per model, replaced by the file's when in range.
        func specialID(_ key: String, default fallback: Int32?) throws -> Int32? {
            let valid = fallback.flatMap { $0 >= 0 && Int($0) < count ? $0 : nil }
            guard let value = try keys.integer(key) else { return valid }
            return value >= 0 && value < count ? Int32(value) : valid
        }
        let bos = try specialID("tokenizer.ggml.bos_token_id", default: sentencePiece ? 1 : 11)
        let eos = try specialID("tokenizer.ggml.eos_token_id", default: sentencePiece ? 2 : 11)
        let unknown = try specialID("tokenizer.ggml.unknown_token_id", default: sentencePiece ? 0 : nil)
        var eot = try specialID("tokenizer.ggml.eot_token_id", default: nil)
        let eom = try specialID("tokenizer.ggml.eom_token_id", default: nil)
        let addBOS = try keys.bool("tokenizer.ggml.add_bos_token") ?? (sentencePiece || bpeSettings?.addBOS == true)
        if addBOS, bos == nil {
            throw keys.fail("tokenizer.ggml.add_bos_token is true, but tokenizer.ggml.bos_token_id is not set")
        }
        let addSpacePrefix = try keys.bool("tokenizer.ggml.add_space_prefix") ?? sentencePiece

        let endOfGeneration = Self.markEndTokens(&vocabulary, eot: &eot, eos: eos, eom: eom)
        Self.applyModelSpecificAttributes(&vocabulary, name: try keys.string("general.name") ?? "")

        let model: Model
        let byteLevel = sentencePiece ? nil : ByteLevelTexts(vocabulary)
        if let bpeSettings, let byteLevel {
            model = .bytePair(bpeSettings.preTokenizer, try Self.bytePairEncoder(vocabulary, byteLevel, bpeSettings, keys))
        } else {
            model = .sentencePiece(SentencePieceEncoder(vocabulary: vocabulary, unknown: unknown), addSpacePrefix: addSpacePrefix)
        }
        self.init(
            vocabulary: vocabulary, model: model, pieces: Self.outputPieces(vocabulary, byteLevel: byteLevel),
            endOfGeneration: endOfGeneration, modelName: modelName, preTokenizerName: pre,
            bos: bos, eos: eos, eot: eot, unknown: unknown, addBOSByDefault: addBOS)
    }

    /// Token texts that end a turn (llama.cpp's list), marked as control tokens as llama.cpp
    /// marks them; returns every id that ends generation.
    static func markEndTokens(_ vocabulary: inout TokenVocabulary, eot: inout Int32?, eos: Int32?, eom: Int32?) -> Set<Int32> {
        var ends = Set<Int32>()
        for text in endOfTurnTexts {
            guard let id = vocabulary.id(of: text) else { continue }
            if eot == nil, eotTexts.contains(text) { eot = id }
            ends.insert(id)
            vocabulary.attributes[Int(id)].insert(.control)
        }
        for id in [eos, eot, eom].compactMap({ $0 }) { ends.insert(id) }
        // gpt-oss and solar-open: <|end|> separates messages, it does not end generation.
        let endTexts = Set(ends.map { String(decoding: vocabulary.text(Int($0)), as: UTF8.self) })
        let has = { (text: String) in endTexts.contains(text) }
        if let end = vocabulary.id(of: "<|end|>"), ends.contains(end),
           (has("<|return|>") && has("<|call|>")) || (has("<|calls|>") && has("<|flush|>")) {
            ends.remove(end)
            vocabulary.attributes[Int(end)] = .userDefined
        }
        // gemma4 and paddleocr: </s> is not an end token beside <|tool_response>.
        if has("<|tool_response>"), let s = vocabulary.id(of: "</s>"), ends.contains(s) {
            ends.remove(s)
            vocabulary.attributes[Int(s)] = .normal
        }
        return ends
    }

    /// The end-of-generation texts llama.cpp recognises (llama-vocab.cpp).
    static let endOfTurnTexts = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
        "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
        "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[",
    ]

    /// The texts llama.cpp takes for EOT when the file names none.
    static let eotTexts: Set = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
        "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>",
    ]

    /// Per-model attributes llama.cpp sets by name: Phi-3's special tokens swallow the
    /// whitespace after them; gpt-oss's channel tokens are always written out.
    static func applyModelSpecificAttributes(_ vocabulary: inout TokenVocabulary, name: String) {
        let lowered = name.lowercased()
        if lowered.contains("phi-3") || lowered.contains("phi3") {
            for id in 0..<vocabulary.count where vocabulary.has(id, TokenAttributes.special) {
                vocabulary.attributes[id].insert(.rstrip)
            }
            if let id = vocabulary.id(of: "</s>") { vocabulary.attributes[Int(id)].insert(.rstrip) }
            for text in ["<unk>", "<s>", "<|endoftext|>"] {
                if let id = vocabulary.id(of: text) { vocabulary.attributes[Int(id)].remove(.rstrip) }
            }
        }
        for text in ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"] {
            if let id = vocabulary.id(of: text) { vocabulary.attributes[Int(id)] = .userDefined }
        }
    }
}

/// Typed access to a file's `tokenizer.*` metadata with errors that name the file and the key.
struct TokenizerKeys {
    let gguf: GGUFFile

    func fail(_ message: String) -> FoundryError {
        FoundryError.failure("invalid tokenizer in '\(gguf.path)': \(message)")
    }

    private func wrongType(_ key: String, _ value: GGUFValue, expected: String) -> FoundryError {
        fail("\(key) is \(value.summary), expected \(expected)")
    }

    func string(_ key: String) throws -> String? {
        guard let value = gguf.metadata[key] else { return nil }
        guard let string = value.stringValue else { throw wrongType(key, value, expected: "a string") }
        return string
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = gguf.metadata[key] else { return nil }
        guard let number = value.intValue else { throw wrongType(key, value, expected: "an integer") }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = gguf.metadata[key] else { return nil }
        guard let flag = value.boolValue else { throw wrongType(key, value, expected: "true or false") }
        return flag
    }

    func array(_ key: String) throws -> GGUFArray? {
        guard let value = gguf.metadata[key] else { return nil }
        guard let array = value.arrayValue else { throw wrongType(key, value, expected: "an array") }
        return array
    }

    func strings(_ key: String, required: Bool) throws -> FlatByteStrings? {
        guard let array = try array(key) else {
            if required { throw fail("\(key) is missing") }
            return nil
        }
        guard array.elementType == .string else { throw fail("\(key) is an array of \(array.elementType.name), expected strings") }
        return try read(key) { try array.rawStrings() }
    }

    /// Runs `body`, naming `key` in any error it throws.
    func read<T>(_ key: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FoundryError {
            let prefix = "invalid GGUF file '\(gguf.path)': "
            let message = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            throw fail("\(key): \(message)")
        }
    }
}
