import Foundation
import FoundryCore
import FoundryProviders

/// One model's answer, pulled event by event in the caller's task: the provider's stream, the
/// completion absorbed so far, and the bookkeeping a finished or failed attempt leaves behind
/// (latency sample, cooldown state). Used by one task at a time.
///
/// A model with several deployments is one attempt too: the balancer picks a deployment, and a
/// failure before the first token moves on to the model's next deployment at once (recorded in
/// `failedOver`, cooling that deployment, not the model); only when every deployment has failed
/// does the failure reach the fallback loop.
package final class ModelAttempt: @unchecked Sendable {
    package let id: String
    private let executor: Executor
    private let request: ChatRequest
    private var provider: String
    private var events: AsyncThrowingStream<ChatEvent, any Error>.AsyncIterator?
    /// Why the provider's stream could not be created (unknown model, plugin not loaded, no key).
    private var setupError: ProviderError?
    /// Only the provider's own failures count towards its cooldown, not foundry's.
    private var countsTowardCooldown = true
    private var completion = ChatCompletion()
    private var ttft: Double?
    private let clock = Stopwatch()
    /// The model's entry and its deployments, when it has several (else empty).
    private var entry: CatalogEntry?
    private var deployments: [ModelDeployment] = []
    private var tried: Set<String> = []
    private var lease: DeploymentLease?
    /// Deployments that failed before the first token, left for another of the model's deployments.
    package private(set) var failedOver: [Attempt] = []

    /// `avoiding` names a deployment that has just failed for this request (route serve's relay
    /// tried it): it is tried last.
    package init(_ id: String, request: ChatRequest, executor: Executor, avoiding: String? = nil) {
        self.id = id
        self.executor = executor
        self.request = request
        provider = "route"
        do {
            let entry = try executor.registry.catalog.entry(named: id)
            let deployments = executor.registry.deployments(of: entry)
            if deployments.count > 1 {
                self.entry = entry
                self.deployments = deployments
                if let avoiding { tried.insert(avoiding) }
                if !startDeployment() {
                    tried = []
                    _ = startDeployment()
                }
                return
            }
            let provider = try executor.registry.provider(for: entry)
            self.provider = entry.provider
            events = provider.stream(request, model: entry).makeAsyncIterator()
        } catch {
            setupError = error as? ProviderError ?? foreign(error)
        }
    }

    /// The deployment answering (or last tried), for a model with several.
    package var deployment: String? { lease?.deployment }

    /// Starts the stream on the balancer's pick among the deployments not tried yet.
    private func startDeployment() -> Bool {
        guard let entry, let lease = executor.balancer.pick(model: id, among: deployments.map(\.name), excluding: tried),
              let deployment = deployments.first(where: { $0.name == lease.deployment }) else { return false }
        tried.insert(deployment.name)
        self.lease = lease
        completion = ChatCompletion()
        countsTowardCooldown = true
        setupError = nil
        events = nil
        let served = executor.registry.entry(entry, at: deployment)
        provider = served.provider
        do {
            events = try executor.registry.provider(for: served).stream(request, model: served).makeAsyncIterator()
        } catch {
            setupError = error as? ProviderError ?? foreign(error)
        }
        return true
    }

    /// The next piece of answer text, or nil when the stream has ended. Before the first token
    /// a failure is the provider's error; after it, a `streamCut`.
    package func nextText() async throws(ProviderError) -> String? {
        while true {
            do {
                if let setupError { throw setupError }
                while let event = try await events?.next() {
                    completion.absorb(event)
                    if case .text(let text) = event {
                        if ttft == nil {
                            ttft = clock.milliseconds
                            lease?.firstToken()
                        }
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
                if ttft == nil, !classified.isCancellation, failOver(classified) { continue }
                guard ttft != nil, !classified.isCancellation else { throw classified }
                throw Self.afterFirstToken(classified, model: id)
            }
        }
    }

    /// Before the first token: records the failed deployment and starts the next, if any.
    private func failOver(_ error: ProviderError) -> Bool {
        guard let lease, tried.count < deployments.count else { return false }
        lease.finish(failed: countsTowardCooldown ? true : nil)
        failedOver.append(Attempt(id, deployment: lease.deployment, failed: error))
        return startDeployment()
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
        lease?.finish(failed: false)
        return executor.succeeded(model: id, deployment: deployment, completion: completion, ttftMs: ttft, totalMs: clock.milliseconds)
    }

    /// Bookkeeping for a failure before the first token: it counts towards the cooldown (the
    /// deployment's, for a model with several).
    package func failed(_ error: ProviderError) {
        let counts = ttft == nil && !error.isCancellation && countsTowardCooldown
        if let lease {
            lease.finish(failed: counts ? true : nil)
        } else if counts {
            _ = try? executor.cooldowns?.recordFailure(model: id)
        }
    }

    /// The attempts this one leaves after failing with `error`: the deployments failed over,
    /// then this failure.
    package func attempts(failed error: ProviderError, hedged: Bool = false) -> [Attempt] {
        failedOver + [Attempt(id, deployment: deployment, failed: error, hedged: hedged)]
    }
}
