import Foundation
import FoundryCore
import FoundryLM
import FoundryCatalog

/// The input tokens of a prompt file. Without a tokenizer for the model on this machine the
/// count is an estimate, and says so with its method.
struct PromptTokens: Encodable {
    let tokens: Int
    let exact: Bool
    let method: String
    let file: String

    var label: String {
        exact ? "\(Count.text(tokens)) tokens in '\(file)' (\(method))"
              : "≈\(Count.text(tokens)) tokens in '\(file)' (estimate: \(method))"
    }

    static func count(_ path: String, tokenizerFile: String? = nil) throws -> PromptTokens {
        let text = try TextFile.text(path, what: "prompt file ")
        if let tokenizerFile {
            let encoding = try TiktokenEncoding(rankFile: tokenizerFile)
            return PromptTokens(tokens: encoding.count(text), exact: true, method: "\(encoding.name) from '\(tokenizerFile)'", file: path)
        }
        return PromptTokens(tokens: TokenEstimate.tokens(text), exact: false,
                            method: "UTF-8 bytes ÷ 4, rounded up", file: path)
    }
}
