import FoundryCore

/// One message of a conversation: `system`, `user` or `assistant`, and its text.
public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

extension ChatMessage {
    /// A chat request's message (FoundryCore's, as `run serve` receives it) for a prompt; tool
    /// calls are not part of the prompt formats here.
    public init(_ message: FoundryCore.ChatMessage) {
        self.init(role: message.role.rawValue, content: message.content)
    }
}
