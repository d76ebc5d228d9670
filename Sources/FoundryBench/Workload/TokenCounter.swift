import FoundryCore
import FoundryLM
import FoundryCatalog

/// Counts tokens of prompts and answers when the server reports none: exactly with a tiktoken
/// rank file (`--tokenizer`), else estimated from UTF-8 bytes. Every count says which.
public struct TokenCounter: Sendable {
    private let encoding: TiktokenEncoding?

    /// How counts were made, as reports label them.
    public var method: String { encoding.map { "counted with \($0.name)" } ?? TokenEstimate.method }
    public var isExact: Bool { encoding != nil }

    public init(tokenizerFile: String?) throws {
        encoding = try tokenizerFile.map { try TiktokenEncoding(rankFile: $0) }
    }

    public static let estimate = try! TokenCounter(tokenizerFile: nil)

    public func count(_ text: String) -> Int {
        encoding?.count(text) ?? TokenEstimate.tokens(text)
    }
}
