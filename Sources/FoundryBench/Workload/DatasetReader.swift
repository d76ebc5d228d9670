import Foundation
import FoundryCore

/// Prompts from a file: JSON Lines (one request per line: `prompt`, OpenAI `messages`, or a
/// ShareGPT `conversations` list, each with an optional `max_tokens`/`output_tokens`) or a
/// ShareGPT JSON array. A malformed line stops the run and is named by its number.
public struct DatasetReader: Sendable {
    public let path: String
    public let counter: TokenCounter

    public init(path: String, counter: TokenCounter) {
        self.path = path
        self.counter = counter
    }

    public func read() throws -> [BenchPrompt] {
        let text = try TextFile.text(path, what: "dataset ")
        let trimmed = text.drop(while: { $0.isWhitespace })
        let prompts = trimmed.first == "[" ? try readArray(String(trimmed)) : try readLines(text)
        guard !prompts.isEmpty else {
            throw FoundryError.failure("dataset '\(path)' holds no usable prompt",
                                       hint: "each line needs \"prompt\", \"messages\" or \"conversations\" with a human turn")
        }
        return prompts
    }

    private func readLines(_ text: String) throws -> [BenchPrompt] {
        var prompts: [BenchPrompt] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let where_ = "dataset '\(path)' line \(number)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                throw FoundryError.failure("\(where_): not valid JSON: \(line.prefix(60))")
            }
            if let prompt = try prompt(from: object, where: where_) { prompts.append(prompt) }
        }
        return prompts
    }

    private func readArray(_ text: String) throws -> [BenchPrompt] {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else {
            throw FoundryError.failure("dataset '\(path)': not a valid JSON array (a ShareGPT file is one array; JSON Lines has one object per line)")
        }
        return try array.enumerated().compactMap { index, item in
            try prompt(from: item, where: "dataset '\(path)' entry \(index + 1)")
        }
    }

    /// One request from one record; nil for ShareGPT conversations without a human turn
    /// followed by an answer (skipped, as vLLM skips them).
    func prompt(from item: Any, where where_: String) throws -> BenchPrompt? {
        guard let object = item as? [String: Any] else { throw FoundryError.failure("\(where_): expected a JSON object") }
        var maxTokens = try integer(object, ["max_tokens", "output_tokens", "output_len"], where: where_)
        let messages: [ChatMessage]
        if let prompt = object["prompt"] {
            guard let text = prompt as? String, !text.isEmpty else { throw FoundryError.failure("\(where_): \"prompt\" must be a non-empty string") }
            messages = [.user(text)]
        } else if let list = object["messages"] {
            guard let items = list as? [[String: Any]], !items.isEmpty else {
                throw FoundryError.failure("\(where_): \"messages\" must be a non-empty list of {role, content}")
            }
            messages = try items.map { m in
                guard let role = (m["role"] as? String).flatMap(ChatMessage.Role.init(rawValue:)), let content = m["content"] as? String else {
                    throw FoundryError.failure("\(where_): each message needs a role (system, user, assistant) and a string content")
                }
                return ChatMessage(role: role, content: content)
            }
        } else if let list = object["conversations"] {
            guard let turns = list as? [[String: Any]] else { throw FoundryError.failure("\(where_): \"conversations\" must be a list of {from, value}") }
            guard let first = turns.firstIndex(where: { ["human", "user"].contains($0["from"] as? String) }),
                  let question = turns[first]["value"] as? String, !question.isEmpty else { return nil }
            messages = [.user(question)]
            if maxTokens == nil, first + 1 < turns.count, let answer = turns[first + 1]["value"] as? String, !answer.isEmpty {
                maxTokens = max(1, counter.count(answer))
            }
        } else {
            throw FoundryError.failure("\(where_): no \"prompt\", \"messages\" or \"conversations\" field")
        }
        var prompt = BenchPrompt(messages: messages, maxTokens: maxTokens, inputTokens: 0)
        prompt.inputTokens = counter.count(prompt.text)
        return prompt
    }

    private func integer(_ object: [String: Any], _ keys: [String], where where_: String) throws -> Int? {
        for key in keys {
            guard let value = object[key] else { continue }
            guard !(value is Bool), let n = value as? Int, n > 0 else {
                throw FoundryError.failure("\(where_): \"\(key)\" must be a positive integer")
            }
            return n
        }
        return nil
    }
}
