import Foundation
import FoundryCore
import FoundryLM

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
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw FoundryError.failure("cannot read prompt file '\(path)': \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FoundryError.failure("prompt file '\(path)' is not UTF-8 text")
        }
        if let tokenizerFile {
            let encoding = try TiktokenEncoding(rankFile: tokenizerFile)
            return PromptTokens(tokens: encoding.count(text), exact: true, method: "\(encoding.name) from '\(tokenizerFile)'", file: path)
        }
        return PromptTokens(tokens: TokenEstimate.tokens(inUTF8Bytes: data.count), exact: false,
                            method: "UTF-8 bytes ÷ 4, rounded up", file: path)
    }
}
