import Foundation
import FoundryCore

/// A chat completion as a client reads it: one whole response, or one chunk of a stream. The
/// providers (every streamed event of an upstream) and bench (every response of a load run)
/// read through here. Pure: tested without sockets.
package struct CompletionPayload: Sendable, Equatable {
    package struct Choice: Sendable, Equatable {
        package var index: Int
        /// `content` of the choice's `delta` (a chunk) or `message` (a whole answer).
        package var content: String?
        /// `reasoning_content` (or `reasoning`) beside it: generated tokens a reasoning model
        /// shows apart from its answer.
        package var reasoning: String?
        /// A `/v1/completions` choice's `text`.
        package var text: String?
        package var toolCalls: [ToolCallDelta]
        package var finishReason: String?
    }

    /// An `error` object (or string) sent in place of a chunk.
    package struct StreamedError: Sendable, Equatable {
        package var message: String
        /// The error's numeric `code`, else 500.
        package var status: Int

        package init(message: String, status: Int) {
            self.message = message
            self.status = status
        }
    }

    package var choices: [Choice] = []
    /// Present when the server reported both token counts.
    package var usage: Usage?
    package var error: StreamedError?

    /// Reads a payload's text; nil when it is not JSON.
    package init?(json text: String) {
        guard let value = try? JSONValue.parse(Data(text.utf8), what: "a chat completion") else { return nil }
        self.init(value)
    }

    /// Reads a payload's bytes; nil when they are not JSON.
    package init?(json data: Data) {
        guard let value = try? JSONValue.parse(data, what: "a chat completion") else { return nil }
        self.init(value)
    }

    package init(_ value: JSONValue) {
        guard case .object(let o) = value else { return }
        if let e = o["error"], e != .null {
            error = StreamedError(message: e["message"]?.stringValue ?? e.stringValue ?? "error in stream", status: e["code"]?.intValue ?? 500)
        }
        if case .array(let list)? = o["choices"] {
            choices = list.enumerated().map { Self.choice($1, position: $0) }
        }
        if let u = o["usage"], let input = u["prompt_tokens"]?.intValue, let output = u["completion_tokens"]?.intValue {
            usage = Usage(inputTokens: input, outputTokens: output, cachedInputTokens: u["prompt_tokens_details"]?["cached_tokens"]?.intValue,
                          reasoningTokens: u["completion_tokens_details"]?["reasoning_tokens"]?.intValue)
        }
    }

    private static func choice(_ c: JSONValue, position: Int) -> Choice {
        let body = c["delta"] ?? c["message"]
        let calls = (body?["tool_calls"]?.arrayValue ?? []).enumerated().map { k, call in
            ToolCallDelta(index: call["index"]?.intValue ?? k, id: call["id"]?.stringValue, name: call["function"]?["name"]?.stringValue,
                          arguments: call["function"]?["arguments"]?.stringValue ?? "")
        }
        return Choice(index: c["index"]?.intValue ?? position, content: body?["content"]?.stringValue,
                      reasoning: body?["reasoning_content"]?.stringValue ?? body?["reasoning"]?.stringValue,
                      text: c["text"]?.stringValue, toolCalls: calls, finishReason: c["finish_reason"]?.stringValue)
    }

    /// The generated text of the first choice: its reasoning then its content, or a completions
    /// choice's text. Nil when there is no choice.
    package var firstText: String? {
        guard let first = choices.first else { return nil }
        if first.content != nil || first.reasoning != nil { return (first.reasoning ?? "") + (first.content ?? "") }
        return first.text
    }
}
