import Foundation
import FoundryCore
import FoundryOpenAIWire

/// A chat completions request as `route serve` takes it (parsed and checked by
/// `ChatCompletionsRequest`, as `run serve` does), plus foundry's own constraints from
/// `x-foundry-*` headers or a `foundry` object in the body.
struct ServeRequest: Sendable {
    var model: String
    var chat: ChatRequest
    var stream: Bool
    var includeUsage: Bool
    var foundry: [String: JSONValue]

    /// Parses the body; a malformed one is an error the client sees as HTTP 400.
    static func parse(_ body: Data) throws -> ServeRequest {
        let request = try ChatCompletionsRequest.parse(body)
        return ServeRequest(model: request.model ?? "auto", chat: request.chatRequest, stream: request.generation.stream,
                            includeUsage: request.generation.includeUsage, foundry: request.foundry)
    }

    /// The text the router sizes and scores: system prompt and conversation.
    var promptText: String { chat.messages.map(\.content).joined(separator: "\n") }
}
