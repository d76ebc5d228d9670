import FoundryCore

/// The server-sent events of one streamed answer: `chat.completion.chunk`s (or `text_completion`
/// chunks for `/v1/completions`), the usage chunk and `[DONE]`. Every streamed token passes
/// through here, so chunks are written by hand, keys in sorted order: byte for byte what
/// `JSONValue`'s writer gives for the same object. What every chunk of one answer repeats (id,
/// creation time, model) is written once.
package struct CompletionChunks: Sendable {
    package enum Kind: Sendable {
        /// `/v1/chat/completions`: `delta` objects.
        case chat
        /// `/v1/completions`: `text` fields.
        case text
    }

    package let kind: Kind
    package let id: String
    package let model: String
    package let created: Int
    /// `"created":…,"id":…,"model":…,"object":…`.
    private let identity: String

    package init(kind: Kind = .chat, id: String, model: String, created: Int) {
        self.kind = kind
        self.id = id
        self.model = model
        self.created = created
        identity = "\"created\":\(created),\"id\":" + JSONValue.quoted(id) + ",\"model\":" + JSONValue.quoted(model)
            + ",\"object\":" + (kind == .chat ? "\"chat.completion.chunk\"" : "\"text_completion\"")
    }

    /// A chat answer's first chunk: the assistant role and empty content.
    package var opening: String { event(#""delta":{"content":"","role":"assistant"},"finish_reason":null,"index":0"#) }

    /// A piece of the answer's text.
    package func content(_ text: String) -> String {
        switch kind {
        case .chat: event("\"delta\":{\"content\":" + JSONValue.quoted(text) + "},\"finish_reason\":null,\"index\":0")
        case .text: event("\"finish_reason\":null,\"index\":0,\"text\":" + JSONValue.quoted(text))
        }
    }

    /// The last chunk of the answer, with why it ended ("stop", "length", "tool_calls").
    package func finish(_ reason: String) -> String {
        switch kind {
        case .chat: event("\"delta\":{},\"finish_reason\":" + JSONValue.quoted(reason) + ",\"index\":0")
        case .text: event("\"finish_reason\":" + JSONValue.quoted(reason) + ",\"index\":0,\"text\":\"\"")
        }
    }

    /// The chunk `stream_options.include_usage` asks for: no choices, the whole answer's usage.
    package func usage(_ usage: Usage) -> String {
        "data: {\"choices\":[]," + identity + ",\"usage\":" + CompletionUsage.json(usage).jsonString + "}\n\n"
    }

    /// The end of a stream that finished.
    package static let done = "data: [DONE]\n\n"

    /// An error event, which ends an answer cut short (no `[DONE]` follows).
    package static func error(_ message: String, type: String, code: String?) -> String {
        "data: " + OpenAIErrorBody.json(message, type: type, code: code) + "\n\n"
    }

    private func event(_ choice: String) -> String {
        "data: {\"choices\":[{" + choice + "}]," + identity + "}\n\n"
    }
}
