import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// Routing and execution for other commands (voice): decide with the state directory, stream
/// the answer with fallbacks, and log the decision and usage under `source`.
public struct RoutedChat: Sendable {
    package let session: RouteSession
    package let constraints: RouteConstraints
    package let forced: String?
    package let source: String

    public init(context: Context, model: String? = nil, prefer: RouteConstraints.Preference = .latency, maxTokens: Int = 300,
                source: String) throws {
        let registry = try ProviderRegistry(context: context)
        session = RouteSession(context: context, registry: registry)
        constraints = RouteConstraints(prefer: prefer, maxTokens: maxTokens)
        forced = model
        self.source = source
    }

    /// The model a request would go to now, or nil when no configured model can be called.
    public func candidate(for text: String = "hello") -> String? {
        (try? session.decide(text: text, constraints: constraints, forced: forced))?.chosen
    }

    /// What answered, and when its first token came.
    public struct Outcome: Sendable {
        public var model: String
        public var text: String
        public var ttftMs: Double?
    }

    /// Streams the answer to `request` through `onText`; throws `FoundryError` when no model
    /// satisfies the constraints or every candidate fails before its first token.
    public func stream(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        var decision = try session.decide(text: prompt, constraints: constraints, forced: forced)
        guard decision.chosen != nil else {
            try? session.context.decisionLog.append(decision)
            throw FoundryError.unsatisfiable(Unsatisfiable.message(decision), hint: Unsatisfiable.hint(decision))
        }
        var chat = request
        chat.maxTokens = constraints.maxTokens
        let executor = Executor(registry: session.registry, cooldowns: Cooldowns(paths: session.context.paths),
                                latency: LatencyStats(paths: session.context.paths))
        do {
            let outcome = try await executor.run(chat, decision: &decision, onText: onText)
            _ = try? session.record(outcome, decision: decision, source: source)
            return Outcome(model: outcome.model, text: outcome.completion.text, ttftMs: outcome.ttftMs)
        } catch {
            try? session.context.decisionLog.append(decision)
            throw error
        }
    }
}
