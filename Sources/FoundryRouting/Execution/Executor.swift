import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// Runs a decision: streams from the chosen model; before the first token any failure moves on
/// (retrying a retryable one once, honouring Retry-After up to a cap), after it a failure is
/// reported, never silently switched. With a hedge delay, a second candidate starts when the
/// first has produced no token in time; the first to produce a token wins.
public struct Executor: Sendable {
    public var registry: ProviderRegistry
    public var hedgeAfter: Duration?
    /// Longest Retry-After honoured before moving to the next model instead.
    public var maxRetryWait: Duration = .seconds(5)
    public var retriesPerModel = 1
    public var cooldowns: Cooldowns?
    /// Picks among the deployments of models that have several; process-wide by default.
    public var balancer: DeploymentBalancer = .shared
    public var latency: LatencyStats?
    /// Where latency samples go instead of `latency` (route serve buffers them in memory).
    public var latencySink: (@Sendable (String, Double?, Double) -> Void)?
    /// When known to be empty, successes need not clear cooldown state on disk.
    public var cooldownSnapshot: [String: Date]?
    /// Called once, with the model id, when a model produces the first token of the answer.
    public var onFirstToken: (@Sendable (String) -> Void)?
    /// Called when an attempt fails before its first token, with what happens next (for a
    /// progress line: a refused connection or a 503 is otherwise silent until every fallback ran).
    public var onAttemptFailed: (@Sendable (FailedAttempt) -> Void)?

    /// An attempt that failed before its first token, and what the executor does next.
    public struct FailedAttempt: Sendable {
        public enum Next: Sendable { case retry(after: Duration), fallback(to: String), giveUp }
        public var model: String
        public var error: ProviderError
        public var next: Next

        /// "openai/gpt-5-mini failed before its first token (connection refused); trying anthropic/claude-haiku-4-5"
        public var line: String {
            let then = switch next {
            case .retry(let wait): "retrying it in \(wait.milliseconds) ms"
            case .fallback(let model): "trying \(model)"
            case .giveUp: "no candidate left"
            }
            return "\(model) failed before its first token (\(error.description)); \(then)"
        }
    }

    /// Reports a failed attempt; `retry` is the wait before the same model is tried again, and
    /// the chain goes on after `last` (the hedge of a pair), else after `model`.
    package func report(_ model: String, _ error: ProviderError, retry: Duration?, chain: [String], last: String? = nil) {
        guard let onAttemptFailed, !error.isCancellation else { return }
        let next: FailedAttempt.Next
        if let retry { next = .retry(after: retry) } else if let i = chain.firstIndex(of: last ?? model), i + 1 < chain.count {
            next = .fallback(to: chain[i + 1])
        } else { next = .giveUp }
        onAttemptFailed(FailedAttempt(model: model, error: error, next: next))
    }

    public init(registry: ProviderRegistry, hedgeAfter: Duration? = nil, cooldowns: Cooldowns? = nil, latency: LatencyStats? = nil) {
        self.registry = registry
        self.hedgeAfter = hedgeAfter
        self.cooldowns = cooldowns
        self.latency = latency
    }

    public struct Outcome: Sendable {
        public var model: String
        /// The deployment that answered, for a model with several.
        public var deployment: String? = nil
        public var completion: ChatCompletion
        public var ttftMs: Double?
        public var totalMs: Double
    }

    /// Streams text through `onText` as it arrives; fills `decision.attempts`.
    public func run(_ request: ChatRequest, decision: inout Decision, onText: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        guard hedges(decision) else {
            let answer = try await open(request, decision: &decision)
            defer { decision.attempts = answer.attempts }
            if let first = answer.first { onText(first) }
            while let text = try await answer.next() { onText(text) }
            guard let outcome = answer.outcome else { throw FoundryError.failure("\(answer.model)'s answer ended without an outcome") }
            return outcome
        }
        return try await race(request, decision: &decision, onText: onText)
    }

    package func hedges(_ decision: Decision) -> Bool { hedgeAfter != nil && decision.chain.count > 1 }

    /// Bookkeeping once a model's stream has ended well: the latency sample and a cleared cooldown.
    package func succeeded(model: String, deployment: String? = nil, completion: ChatCompletion, ttftMs: Double?, totalMs: Double) -> Outcome {
        if let sink = latencySink { sink(model, ttftMs, totalMs) } else { try? latency?.record(model: model, ttftMs: ttftMs, totalMs: totalMs) }
        if !(cooldownSnapshot?.isEmpty ?? false) { try? cooldowns?.recordSuccess(model: model) }
        return Outcome(model: model, deployment: deployment, completion: completion, ttftMs: ttftMs, totalMs: totalMs)
    }

    /// How long to wait before retrying `error` on the same model, or nil to move on.
    package func retryWait(after error: ProviderError, tries: Int) -> Duration? {
        guard error.isRetryable, tries < retriesPerModel else { return nil }
        let wait = error.retryAfter ?? .milliseconds(250 * (1 << tries))
        return wait <= maxRetryWait ? wait : nil
    }

    package static func allFailed(_ attempts: [Attempt], lastError: ProviderError?) -> FoundryError {
        let tried = attempts.map { "\($0.model)" + ($0.deployment.map { " at \($0)" } ?? "") + " (\($0.outcome))" }.joined(separator: ", ")
        return FoundryError.provider("every candidate failed before the first token: \(tried)",
                                     hint: lastError.map { "last error: \($0.description)" })
    }

    package static func cutAfterFirstToken(_ error: ProviderError, model: String) -> FoundryError {
        FoundryError.provider("\(error.model ?? model) failed after the first token; the answer above is incomplete: \(error.detail)")
    }

    /// Hedged runs: candidates in pairs, the second started when the first is slow to answer.
    package func race(_ request: ChatRequest, decision: inout Decision, onText: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        try await fallback(&decision, pairs: hedgeAfter != nil) { model, hedge, attempts in
            try await racePair(model, hedge: hedge, request: request, attempts: &attempts, onText: onText)
        }
    }

    /// One attempt on `model`, with `hedge` started if no token arrives within the hedge delay.
    private func racePair(
        _ model: String, hedge: String?, request: ChatRequest, attempts: inout [Attempt], onText: @escaping @Sendable (String) -> Void
    ) async throws -> Result<Outcome, ProviderError> {
        let gate = FirstTokenGate()
        let results = try await withThrowingTaskGroup(of: (String, Streamed, Bool).self) { group in
            group.addTask { (model, await self.stream(model, request: request, gate: gate, onText: onText), false) }
            if let hedge, let delay = hedgeAfter {
                group.addTask {
                    try await Task.sleep(for: delay)
                    guard !gate.hasWinner else { return (hedge, Streamed(result: .failure(.cancelled(provider: "hedge", model: hedge))), true) }
                    return (hedge, await self.stream(hedge, request: request, gate: gate, onText: onText), true)
                }
            }
            var collected: [(String, Streamed, Bool)] = []
            for try await item in group {
                collected.append(item)
                if case .success = item.1.result { group.cancelAll() }
            }
            return collected
        }
        var winner: Outcome?
        var firstError: ProviderError?
        var cutAfterFirstToken: ProviderError?
        for (name, streamed, hedged) in results {
            attempts += streamed.failedOver.map { var a = $0; a.hedged = hedged; return a }
            switch streamed.result {
            case .success(let outcome):
                if winner == nil || gate.winner == name { winner = outcome }
                attempts.append(Attempt(outcome, hedged: hedged))
            case .failure(let error) where gate.winner == name:
                // The answer had started: report the failure, never switch models mid-answer.
                attempts.append(Attempt(name, deployment: streamed.deployment, failed: error, hedged: hedged))
                cutAfterFirstToken = error
            case .failure(let error):
                let lost = gate.winner != nil && gate.winner != name
                if hedged && error.isCancellation && gate.winner == nil && !gate.started(name) { continue }  // hedge never started
                attempts.append(lost ? Attempt(model: name, deployment: streamed.deployment, outcome: .hedgeLost, hedged: hedged)
                                     : Attempt(name, deployment: streamed.deployment, failed: error, hedged: hedged))
                if !lost { firstError = firstError ?? error }
            }
        }
        if let cut = cutAfterFirstToken { throw Self.cutAfterFirstToken(cut, model: model) }
        if let winner { return .success(winner) }
        return .failure(firstError ?? .cancelled(provider: "route", model: model))
    }

    /// One racing model's result, the deployments it failed over first, and the deployment tried last.
    private struct Streamed: Sendable {
        var result: Result<Outcome, ProviderError>
        var failedOver: [Attempt] = []
        var deployment: String?
    }

    /// Streams one model; only the gate's winner may write text.
    private func stream(_ id: String, request: ChatRequest, gate: FirstTokenGate, onText: @escaping @Sendable (String) -> Void) async -> Streamed {
        gate.markStarted(id)
        let attempt = ModelAttempt(id, request: request, executor: self)
        let result: Result<Outcome, ProviderError>
        do {
            if let first = try await attempt.nextText() {
                if gate.claim(id) {
                    onFirstToken?(id)
                    onText(first)
                    while let text = try await attempt.nextText() { onText(text) }
                    result = .success(attempt.succeeded())
                } else {
                    result = .failure(.cancelled(provider: "route", model: id))
                }
            } else {
                _ = gate.claim(id)
                result = .success(attempt.succeeded())
            }
        } catch {
            attempt.failed(error)
            result = .failure(error)
        }
        return Streamed(result: result, failedOver: attempt.failedOver, deployment: attempt.deployment)
    }
}

extension Attempt {
    /// A model that answered.
    package init(_ outcome: Executor.Outcome, hedged: Bool = false) {
        self.init(model: outcome.model, deployment: outcome.deployment, outcome: .ok, ttftMs: outcome.ttftMs, totalMs: outcome.totalMs, hedged: hedged)
    }

    /// A model (at `deployment`, when it has several) that failed with `error`.
    package init(_ model: String, deployment: String? = nil, failed error: ProviderError, hedged: Bool = false) {
        self.init(model: model, deployment: deployment, outcome: .failed(error.kind), detail: error.description, hedged: hedged)
    }
}

/// Decides which of two racing streams may print: the first to produce a token.
package final class FirstTokenGate: @unchecked Sendable {
    private let lock = NSLock()
    private var _winner: String?
    private var _started: Set<String> = []

    package var winner: String? { lock.lock(); defer { lock.unlock() }; return _winner }
    package var hasWinner: Bool { winner != nil }

    package func claim(_ id: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if _winner == nil { _winner = id }
        return _winner == id
    }

    package func markStarted(_ id: String) { lock.lock(); _started.insert(id); lock.unlock() }
    package func started(_ id: String) -> Bool { lock.lock(); defer { lock.unlock() }; return _started.contains(id) }
}
