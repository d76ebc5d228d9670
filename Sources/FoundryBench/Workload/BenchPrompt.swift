import FoundryCore

/// One request of a workload: the messages to send, the output length asked for, and the input
/// length as counted when the workload was built.
public struct BenchPrompt: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// max_tokens for the request (nil: the target's default).
    public var maxTokens: Int?
    /// Input tokens as counted by the workload (the server's usage replaces it when given).
    public var inputTokens: Int

    public init(messages: [ChatMessage], maxTokens: Int?, inputTokens: Int) {
        self.messages = messages
        self.maxTokens = maxTokens
        self.inputTokens = inputTokens
    }

    /// The text of all messages, for counting.
    public var text: String { messages.map(\.content).joined(separator: "\n") }
}
