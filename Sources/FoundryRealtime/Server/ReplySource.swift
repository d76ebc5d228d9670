import Foundation
import FoundryCore
import FoundryRouting

/// Where the local server's replies come from.
public protocol ReplySource: Sendable {
    /// "echo" or "route:<model>", as announced in `session.created`.
    var name: String { get }
    /// Streams the reply to the conversation so far (its last message is the user's turn).
    /// Returns the model that answered.
    func reply(to messages: [ChatMessage], onText: @escaping @Sendable (String) -> Void) async throws -> String
}

/// Speaks back what the server heard. Announced as such; never presented as a model's answer.
public struct EchoReply: ReplySource {
    public init() {}
    public var name: String { "echo" }

    public func reply(to messages: [ChatMessage], onText: @escaping @Sendable (String) -> Void) async throws -> String {
        let heard = messages.last(where: { $0.role == .user })?.content.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        onText(heard.isEmpty ? "I did not recognise any words." : "You said: \(heard).")
        return "echo"
    }
}

/// A reply from a model chosen by route (any configured provider, plugin or `run serve`).
public struct RoutedReply: ReplySource {
    package let chat: RoutedChat
    package let model: String

    public init(chat: RoutedChat, model: String) {
        self.chat = chat
        self.model = model
    }

    public var name: String { "route:" + model }

    public func reply(to messages: [ChatMessage], onText: @escaping @Sendable (String) -> Void) async throws -> String {
        try await chat.stream(ChatRequest(messages: messages), onText: onText).model
    }
}
