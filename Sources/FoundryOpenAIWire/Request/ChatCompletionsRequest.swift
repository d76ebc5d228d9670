import Foundation
import FoundryCore

/// A `/v1/chat/completions` request body as every foundry server accepts it: parsed and checked
/// once, here, so `route serve` and `run serve` accept and refuse the same bodies with the same
/// messages. Each server then takes what it needs (route: a `ChatRequest`; run: a prompt and
/// sampling options). Fields foundry does not use (`tool_choice`, `user`, `logprobs`…) are
/// ignored, as OpenAI-compatible servers do.
package struct ChatCompletionsRequest: Sendable, Equatable {
    /// Nil when absent: each server has its default ("auto" for route, its one model for run).
    package var model: String?
    package var messages: [ChatCompletionsMessage]
    package var generation: GenerationFields
    package var tools: [ToolDefinition]
    package var responseFormat: ResponseFormatField
    /// foundry's own extension: routing constraints (`{"max_cost": 0.01, "prefer": "cost"}`),
    /// which `route serve` reads and `run serve` ignores.
    package var foundry: [String: JSONValue]

    package init(model: String? = nil, messages: [ChatCompletionsMessage], generation: GenerationFields = GenerationFields(),
                 tools: [ToolDefinition] = [], responseFormat: ResponseFormatField = .text, foundry: [String: JSONValue] = [:]) {
        self.model = model
        self.messages = messages
        self.generation = generation
        self.tools = tools
        self.responseFormat = responseFormat
        self.foundry = foundry
    }

    /// Parses and checks a body; every mistake is a usage error (HTTP 400) naming the field.
    package static func parse(_ data: Data) throws -> ChatCompletionsRequest {
        let body = try RequestFields.body(data)
        guard let list = try body.array("messages", wanted: "a non-empty array of messages") else {
            throw RequestFields.invalid("messages is missing; send a non-empty array of messages")
        }
        guard !list.isEmpty else { throw RequestFields.invalid("messages is empty; send at least one message") }
        let messages = try list.enumerated().map { try ChatCompletionsMessage(parsing: $1, at: "messages[\($0)]") }
        return ChatCompletionsRequest(
            model: try body.string("model"), messages: messages, generation: try GenerationFields(body),
            tools: try ToolDefinition.parseList(body), responseFormat: try ResponseFormatField(body),
            foundry: try body.object("foundry", wanted: "an object of routing constraints")?.members ?? [:])
    }
}
