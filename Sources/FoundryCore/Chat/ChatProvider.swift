/// A source of chat completions: a built-in provider or a plugin. One streaming interface;
/// cancelling the consuming task cancels the call.
public protocol ChatProvider: Sendable {
    /// The provider name used in model ids ("openai", "azure", "gemini", …).
    var name: String { get }

    /// Streams a completion from `entry` (a catalog model served by this provider).
    /// The stream ends after `.finish`, or throws a `ProviderError`.
    func stream(_ request: ChatRequest, model entry: CatalogEntry) -> AsyncThrowingStream<ChatEvent, any Error>
}

extension ChatProvider {
    /// Runs a stream to the end and collects the text, tool calls, usage and finish reason.
    public func complete(_ request: ChatRequest, model entry: CatalogEntry) async throws -> ChatCompletion {
        var result = ChatCompletion()
        for try await event in stream(request, model: entry) { result.absorb(event) }
        return result
    }
}

/// A whole completion assembled from stream events.
public struct ChatCompletion: Sendable, Equatable {
    public var text = ""
    public var toolCalls: [ToolCall] = []
    public var usage: Usage?
    public var finishReason: FinishReason?

    public init() {}

    public mutating func absorb(_ event: ChatEvent) {
        switch event {
        case .text(let t): text += t
        case .toolCall(let d):
            while toolCalls.count <= d.index { toolCalls.append(ToolCall(id: "", name: "", arguments: "")) }
            if let id = d.id { toolCalls[d.index].id = id }
            if let name = d.name { toolCalls[d.index].name = name }
            toolCalls[d.index].arguments += d.arguments
        case .usage(let u): usage = u
        case .finish(let f): finishReason = f
        }
    }
}
