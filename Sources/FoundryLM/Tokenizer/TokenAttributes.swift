/// What a vocabulary entry is, from `tokenizer.ggml.token_type` (llama.cpp's token attributes):
/// normal text, a control token (`<s>`, `[INST]`), a user-defined token (matched in text before
/// anything else), a byte-fallback token (`<0x0A>`), the unknown token, or an unused slot.
/// `lstrip`/`rstrip` make special-token matching swallow the whitespace beside the token.
public struct TokenAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let undefined = TokenAttributes([])
    public static let unknown = TokenAttributes(rawValue: 1 << 0)
    public static let unused = TokenAttributes(rawValue: 1 << 1)
    public static let normal = TokenAttributes(rawValue: 1 << 2)
    public static let control = TokenAttributes(rawValue: 1 << 3)
    public static let userDefined = TokenAttributes(rawValue: 1 << 4)
    public static let byte = TokenAttributes(rawValue: 1 << 5)
    public static let lstrip = TokenAttributes(rawValue: 1 << 7)
    public static let rstrip = TokenAttributes(rawValue: 1 << 8)

    /// Tokens matched in the text before tokenizing (control and unknown ones only when
    /// special tokens are parsed).
    static let special: TokenAttributes = [.control, .userDefined, .unknown]

    /// The attributes of a GGUF token type (1 normal, 2 unknown, 3 control, 4 user-defined,
    /// 5 unused, 6 byte; anything else is undefined, as llama.cpp reads it).
    init(ggufTokenType type: Int32) {
        switch type {
        case 1: self = .normal
        case 2: self = .unknown
        case 3: self = .control
        case 4: self = .userDefined
        case 5: self = .unused
        case 6: self = .byte
        default: self = .undefined
        }
    }
}
