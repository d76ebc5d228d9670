import Foundation
import FoundryCore
import FoundryProviders

/// One model's answer, pulled event by event in the caller's task: the provider's stream, the
/// completion absorbed so far, and the bookkeeping a finished or failed attempt leaves behind
/// (latency sample, cooldown state). Used by one task at a time.
package final class ModelAttempt: @unchecked Sendable {
    package let id: String
    private let executor: Executor
    private let provider: String
    private var events: AsyncThrowingStream<ChatEvent, any Error>.AsyncIterator?
    /// Why the provider's stream could not be created (unknown model, plugin not loaded, no key).
    private var setupError: ProviderError?
    /// Only the provider's own failures count towards its cooldown, not foundry's.
    private var countsTowardCooldown = true
    private var completion = ChatCompletion()
    private var ttft: Double?
    private let clock = Stopwatch()

    package init(_ id: String, request: ChatRequest, executor: Executor) {
        self.id = id
        self.executor = executor
        do {
            let entry = try executor.registry.catalog.entry(named: id)
            let provider = try executor.registry.provider(for: entry)
            self.provider = entry.provider
            events = provider.stream(request, model: entry).makeAsyncIterator()
        } catch {
            provider = "route"
            setupError = error as? ProviderError ?? foreign(error)
        }
    }

    /// The next piece of answer text, or nil when the stream has ended. Before the first token
    /// a failure is the provider's error; after it, a `streamCut`.
    package func nextText() async throws(ProviderError) -> String? {
        if let setupError { throw setupError }
        do {
            while let event = try await events?.next() {
                completion.absorb(event)
                if case .text(let text) = event {
                    if ttft == nil { ttft = clock.milliseconds }
                    return text
                }
            }
            // A cancelled task's stream simply ends: that is a cancellation, not an empty answer.
            if Task.isCancelled { throw ProviderError.cancelled(provider: provider, model: id) }
            return nil
        } catch {
            let classified: ProviderError
            switch error {
            case let e as ProviderError: classified = e
            case is CancellationError: classified = .cancelled(provider: "route", model: id)
            default: classified = foreign(error)
            }
            guard ttft != nil, !classified.isCancellation else { throw classified }
            throw Self.afterFirstToken(classified, model: id)
        }
    }

    private func foreign(_ error: any Error) -> ProviderError {
        countsTowardCooldown = false
        return .malformed(provider: "route", model: id, detail: (error as? FoundryError)?.message ?? "\(error)")
    }

    /// After the first token the answer is partly delivered: a failure is reported, never switched.
    package static func afterFirstToken(_ error: ProviderError, model: String) -> ProviderError {
        .streamCut(provider: error.provider, model: model, detail: "after the first token: \(error.description)")
    }

    package func succeeded() -> Executor.Outcome {
        executor.succeeded(model: id, completion: completion, ttftMs: ttft, totalMs: clock.milliseconds)
    }

    /// Bookkeeping for a failure before the first token: it counts towards the cooldown.
    package func failed(_ error: ProviderError) {
        if ttft == nil, !error.isCancellation, countsTowardCooldown { _ = try? executor.cooldowns?.recordFailure(model: id) }
    }
}
