/// What a provider's stream yields.
public enum ChatEvent: Sendable, Equatable {
    case text(String)
    case toolCall(ToolCallDelta)
    case usage(Usage)
    case finish(FinishReason)
}

/// A piece of a tool call: id and name arrive first, arguments are appended across deltas.
public struct ToolCallDelta: Sendable, Equatable, Codable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

public struct Usage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int?
    public var cacheWriteTokens: Int?
    public var reasoningTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedInputTokens = "cached_input_tokens"
        case cacheWriteTokens = "cache_write_tokens", reasoningTokens = "reasoning_tokens"
    }

    public init(inputTokens: Int, outputTokens: Int, cachedInputTokens: Int? = nil, cacheWriteTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
    }
}

public enum FinishReason: Sendable, Equatable, Codable, CustomStringConvertible {
    case stop, length, toolCalls, contentFilter
    case other(String)

    public init(providerValue: String) {
        switch providerValue.lowercased() {
        case "stop", "end_turn", "stop_sequence", "eos": self = .stop
        case "length", "max_tokens", "model_length": self = .length
        case "tool_calls", "tool_use", "function_call": self = .toolCalls
        case "content_filter", "safety", "recitation", "refusal": self = .contentFilter
        default: self = .other(providerValue)
        }
    }

    public var description: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .other(let s): s
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(providerValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
