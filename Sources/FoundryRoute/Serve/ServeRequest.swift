import Foundation
import FoundryCore
import FoundryRouting

/// An OpenAI chat completions request as `route serve` accepts it, plus foundry's own
/// constraints from `x-foundry-*` headers or a `foundry` object in the body.
struct ServeRequest: Sendable {
    var model: String
    var chat: ChatRequest
    var stream: Bool
    var includeUsage: Bool
    var foundry: [String: JSONValue]

    /// Parses the body; a malformed one is an error the client sees as HTTP 400.
    static func parse(_ body: Data) throws -> ServeRequest {
        guard case .object(let o) = try JSONValue.parseRequestBody(body) else {
            throw FoundryError.usage("the request body must be a JSON object")
        }
        guard case .array(let rawMessages)? = o["messages"], !rawMessages.isEmpty else {
            throw FoundryError.usage("'messages' must be a non-empty array")
        }
        var messages: [ChatMessage] = []
        for (i, m) in rawMessages.enumerated() {
            guard let roleName = m["role"]?.stringValue else { throw FoundryError.usage("messages[\(i)].role is missing") }
            let role: ChatMessage.Role
            switch roleName {
            case "system", "developer": role = .system
            case "user": role = .user
            case "assistant": role = .assistant
            case "tool": role = .tool
            default: throw FoundryError.usage("messages[\(i)].role '\(roleName)' is not system, developer, user, assistant or tool")
            }
            let content: String
            switch m["content"] {
            case .string(let s)?: content = s
            case .array(let parts)?: content = parts.compactMap { $0["text"]?.stringValue }.joined()
            case .null?, nil: content = ""
            default: throw FoundryError.usage("messages[\(i)].content must be a string or an array of parts")
            }
            let calls = m["tool_calls"]?.arrayValue?.map { call in
                ToolCall(id: call["id"]?.stringValue ?? "", name: call["function"]?["name"]?.stringValue ?? "",
                         arguments: call["function"]?["arguments"]?.stringValue ?? "")
            }
            messages.append(ChatMessage(role: role, content: content, toolCalls: calls, toolCallID: m["tool_call_id"]?.stringValue))
        }
        var stop: [String] = []
        switch o["stop"] {
        case .string(let s)?: stop = [s]
        case .array(let a)?: stop = a.compactMap(\.stringValue)
        default: break
        }
        let tools = (o["tools"]?.arrayValue ?? []).compactMap { t -> ToolDefinition? in
            guard let f = t["function"], let name = f["name"]?.stringValue else { return nil }
            return ToolDefinition(name: name, description: f["description"]?.stringValue, parameters: f["parameters"] ?? .object([:]))
        }
        let maxTokens = o["max_completion_tokens"]?.intValue ?? o["max_tokens"]?.intValue
        if let n = maxTokens, n <= 0 { throw FoundryError.usage("max_tokens must be positive") }
        let format = o["response_format"]?["type"]?.stringValue
        let chat = ChatRequest(
            messages: messages, temperature: o["temperature"]?.doubleValue, topP: o["top_p"]?.doubleValue, maxTokens: maxTokens,
            stop: stop, tools: tools, responseFormat: format == "json_object" || format == "json_schema" ? .json : .text)
        return ServeRequest(
            model: o["model"]?.stringValue ?? "auto", chat: chat, stream: o["stream"]?.boolValue ?? false,
            includeUsage: o["stream_options"]?["include_usage"]?.boolValue ?? false, foundry: o["foundry"]?.objectValue ?? [:])
    }

    /// The text the router sizes and scores: system prompt and conversation.
    var promptText: String { chat.messages.map(\.content).joined(separator: "\n") }
}
