import FoundryCore

/// The `usage` object of answers and usage chunks.
package enum CompletionUsage {
    package static func json(_ u: Usage) -> JSONValue {
        .object(["prompt_tokens": .number(Double(u.inputTokens)), "completion_tokens": .number(Double(u.outputTokens)),
                 "total_tokens": .number(Double(u.inputTokens + u.outputTokens))])
    }
}
