import Foundation
import FoundryCore

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

    static func count(_ path: String) throws -> PromptTokens {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw FoundryError.failure("cannot read prompt file '\(path)': \(reason)")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw FoundryError.failure("prompt file '\(path)' is not UTF-8 text")
        }
        // OpenAI's rule of thumb for English: about 4 bytes of text per token.
        let estimate = (data.count + 3) / 4
        return PromptTokens(tokens: estimate, exact: false, method: "UTF-8 bytes ÷ 4, rounded up", file: path)
    }
}
