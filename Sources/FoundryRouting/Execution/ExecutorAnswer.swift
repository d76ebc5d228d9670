import Foundation
import FoundryCore
import FoundryProviders
import Synchronization

/// A failure before the first token that happened outside the executor.
public struct PriorFailure: Sendable {
    public var model: String
    public var error: ProviderError
    /// The deployment that failed, for a model with several: the model's others are tried next.
    public var deployment: String?

    public init(model: String, error: ProviderError, deployment: String? = nil) {
        self.model = model
        self.error = error
        self.deployment = deployment
    }
}

extension Executor {
    /// An answer that has started: the model producing it, its first piece of text, and the
    /// rest pulled with `next()`. Fallbacks happen before `open` returns; after the first token
    /// a failure is thrown by `next()`, never switched. One consumer at a time.
    public final class Answer: @unchecked Sendable {
        public let model: String
        /// The deployment answering, for a model with several.
        public let deployment: String?
        public let first: String?
        /// The attempts so far; complete once `next()` has returned nil or thrown.
        public private(set) var attempts: [Attempt]
        /// Set once `next()` has returned nil.
        public private(set) var outcome: Outcome?

        fileprivate enum Source {
            /// The answering model's stream, read in the consumer's task.
            case pulled(ModelAttempt)
            /// A hedged race running in its own task, relayed through a stream of text.
            case raced(AsyncStream<String>.AsyncIterator, Task<([Attempt], Result<Outcome, any Error>), Never>)
            case finished
        }
        fileprivate var source: Source

        fileprivate init(model: String, deployment: String? = nil, first: String?, attempts: [Attempt], outcome: Outcome? = nil, source: Source) {
            self.model = model
            self.deployment = deployment
            self.first = first
            self.attempts = attempts
            self.outcome = outcome
            self.source = source
        }

        deinit { if case .raced(_, let task) = source { task.cancel() } }

        /// The next piece of text, or nil when the answer is complete.
        public func next() async throws -> String? {
            switch source {
            case .finished:
                return nil
            case .pulled(let attempt):
                do {
                    if let text = try await attempt.nextText() { return text }
                    source = .finished
                    let done = attempt.succeeded()
                    outcome = done
                    attempts.append(Attempt(done))
                    return nil
                } catch {
                    source = .finished
                    attempts.append(Attempt(attempt.id, deployment: attempt.deployment, failed: error))
                    throw error.isCancellation ? error : Executor.cutAfterFirstToken(error, model: attempt.id)
                }
            case .raced(var texts, let task):
                let text = await withTaskCancellationHandler { await texts.next() } onCancel: { task.cancel() }
                if let text {
                    source = .raced(texts, task)
                    return text
                }
                source = .finished
                let (attempts, result) = await task.value
                self.attempts = attempts
                outcome = try result.get()
                return nil
            }
        }
    }

    /// Starts the answer: tries the decision's chain in order (retrying a retryable failure
    /// once, honouring Retry-After up to a cap) until a model produces its first token or ends
    /// its answer; fills `decision.attempts` with the attempts so far. Without a hedge the
    /// stream is read in the caller's task.
    ///
    /// `prior` is a failure that already happened on the chain's first model (route serve tries
    /// that model on the event loop first): it is recorded and counts as that model's first try.
    public func open(_ request: ChatRequest, decision: inout Decision, after prior: PriorFailure? = nil) async throws -> Answer {
        if hedges(decision) { return try await openRace(request, decision: &decision) }
        return try await fallback(&decision, pairs: false, after: prior) { model, _, attempts in
            let attempt = ModelAttempt(model, request: request, executor: self, avoiding: model == prior?.model ? prior?.deployment : nil)
            do throws(ProviderError) {
                guard let first = try await attempt.nextText() else {
                    let done = attempt.succeeded()
                    attempts += attempt.failedOver + [Attempt(done)]
                    return .success(Answer(model: model, deployment: done.deployment, first: nil, attempts: attempts, outcome: done, source: .finished))
                }
                onFirstToken?(model)
                attempts += attempt.failedOver
                return .success(Answer(model: model, deployment: attempt.deployment, first: first, attempts: attempts, source: .pulled(attempt)))
            } catch {
                attempt.failed(error)
                attempts += attempt.attempts(failed: error)
                return .failure(error)
            }
        }
    }

    /// A hedged start: the race runs in its own task and its text is relayed.
    private func openRace(_ request: ChatRequest, decision: inout Decision) async throws -> Answer {
        let (texts, continuation) = AsyncStream<String>.makeStream()
        let answering = Mutex<String?>(nil)
        var racing = self
        let notify = onFirstToken
        racing.onFirstToken = { id in
            answering.withLock { $0 = id }
            notify?(id)
        }
        let start = decision
        let task = Task { () -> ([Attempt], Result<Outcome, any Error>) in
            var d = start
            defer { continuation.finish() }
            do {
                let outcome = try await racing.race(request, decision: &d) { continuation.yield($0) }
                return (d.attempts, .success(outcome))
            } catch {
                return (d.attempts, .failure(error))
            }
        }
        var iterator = texts.makeAsyncIterator()
        let first = await withTaskCancellationHandler { await iterator.next() } onCancel: { task.cancel() }
        guard let first else {
            let (attempts, result) = await task.value
            decision.attempts = attempts
            let outcome = try result.get()
            return Answer(model: outcome.model, first: nil, attempts: attempts, outcome: outcome, source: .finished)
        }
        let model = answering.withLock { $0 } ?? decision.chosen ?? ""
        return Answer(model: model, first: first, attempts: [], source: .raced(iterator, task))
    }
}
