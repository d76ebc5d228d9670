/// A chat completion request as every provider receives it.
public struct ChatRequest: Codable, Sendable, Equatable {
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var stop: [String]
    public var tools: [ToolDefinition]
    public var responseFormat: ResponseFormat
    /// The `route serve` instances this request has passed through (`RelayHops`); sent upstream
    /// as a header, never in the body.
    public var relayHops: [String] = []
    /// The client's W3C `traceparent`, passed upstream as a header, never in the body.
    public var traceparent: String? = nil

    enum CodingKeys: String, CodingKey {
        case messages, temperature, stop, tools
        case topP = "top_p", maxTokens = "max_tokens", responseFormat = "response_format"
    }

    public init(
        messages: [ChatMessage], temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
        stop: [String] = [], tools: [ToolDefinition] = [], responseFormat: ResponseFormat = .text
    ) {
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.tools = tools
        self.responseFormat = responseFormat
    }

    /// The system prompt (all system messages joined), for providers that take it separately.
    public var systemPrompt: String? {
        let parts = messages.filter { $0.role == .system }.map(\.content)
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// Messages other than system messages.
    public var conversation: [ChatMessage] { messages.filter { $0.role != .system } }
}

public enum ResponseFormat: String, Codable, Sendable {
    case text, json
}

public struct ChatMessage: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case system, user, assistant, tool }

    public var role: Role
    public var content: String
    /// Tool calls made by the assistant in this message.
    public var toolCalls: [ToolCall]?
    /// For role `tool`: the id of the call this message answers.
    public var toolCallID: String?

    enum CodingKeys: String, CodingKey { case role, content, toolCalls = "tool_calls", toolCallID = "tool_call_id" }

    public init(role: Role, content: String, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}

public struct ToolCall: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The arguments as a JSON text.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

public struct ToolDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    /// JSON Schema of the parameters.
    public var parameters: JSONValue

    public init(name: String, description: String? = nil, parameters: JSONValue = .object(["type": .string("object")])) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
