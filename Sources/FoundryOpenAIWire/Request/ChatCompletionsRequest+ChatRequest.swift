import FoundryCore

extension ChatCompletionsRequest {
    /// The request as providers take it: `developer` messages become system messages (a
    /// provider knows no other role for instructions), JSON object and JSON schema formats both
    /// ask for JSON.
    package var chatRequest: ChatRequest {
        let messages = self.messages.map { m in
            ChatMessage(role: m.role.coreRole, content: m.content, toolCalls: m.toolCalls.isEmpty ? nil : m.toolCalls, toolCallID: m.toolCallID)
        }
        let format: ResponseFormat = responseFormat == .text ? .text : .json
        return ChatRequest(messages: messages, temperature: generation.temperature, topP: generation.topP, maxTokens: generation.maxTokens,
                           stop: generation.stop, tools: tools, responseFormat: format)
    }
}

extension ChatCompletionsMessage.Role {
    /// The provider-facing role: `developer` is `system`.
    package var coreRole: ChatMessage.Role {
        switch self {
        case .system, .developer: .system
        case .user: .user
        case .assistant: .assistant
        case .tool: .tool
        }
    }

    /// The role a chat template writes: `developer` is `system`, the others their own name.
    package var templateRole: String { self == .developer ? "system" : rawValue }
}
