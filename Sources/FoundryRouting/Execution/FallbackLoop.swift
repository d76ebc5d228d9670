import FoundryCore
import FoundryProviders

extension Executor {
    /// One model tried (with its hedge racing it, when it has one): the value it gave, or its
    /// failure before the first token. It appends its attempts to the list it is given.
    typealias AttemptMaker<Value> = (_ model: String, _ hedge: String?, _ attempts: inout [Attempt]) async throws -> Result<Value, ProviderError>

    /// The fallback loop, for every way of running a decision (the whole answer streamed, or an
    /// answer opened at its first token): the chain's models in order (in pairs when `pairs`,
    /// the second hedging the first), a retryable failure retried once on an unpaired model
    /// (honouring Retry-After up to a cap), every failure reported; a cancellation ends it. Fills
    /// `decision.attempts`.
    ///
    /// `prior` is a failure that already happened on the chain's first model: it is recorded and
    /// counts as that model's first try.
    func fallback<Value>(_ decision: inout Decision, pairs: Bool, after prior: PriorFailure? = nil,
                         attempt: AttemptMaker<Value>) async throws -> Value {
        let chain = decision.chain
        guard !chain.isEmpty else { throw FoundryError.unsatisfiable("no model satisfies the constraints") }
        var attempts: [Attempt] = []
        defer { decision.attempts = attempts }
        var lastError: ProviderError?
        if let prior {
            // A deployment's failure was counted by the balancer when it happened.
            if !prior.error.isCancellation, prior.deployment == nil { _ = try? cooldowns?.recordFailure(model: prior.model) }
            attempts.append(Attempt(prior.model, deployment: prior.deployment, failed: prior.error))
            lastError = prior.error
        }
        var index = 0
        while index < chain.count {
            let model = chain[index]
            let hedge = pairs && index + 1 < chain.count ? chain[index + 1] : nil
            index += hedge == nil ? 1 : 2
            var tries = 0
            // A model with several deployments goes on with its others at once.
            if let prior, prior.model == model, model == chain.first, prior.deployment == nil {
                guard let wait = retryWait(after: prior.error, tries: 0) else { continue }
                tries = 1
                try await Task.sleep(for: wait)
            }
            while true {
                let error: ProviderError
                switch try await attempt(model, hedge, &attempts) {
                case .success(let value): return value
                case .failure(let failure): error = failure
                }
                if error.isCancellation { throw error }
                lastError = error
                let wait = hedge == nil ? retryWait(after: error, tries: tries) : nil
                report(model, error, retry: wait, chain: chain, last: hedge)
                guard let wait else { break }
                tries += 1
                try await Task.sleep(for: wait)
            }
        }
        throw Self.allFailed(attempts, lastError: lastError)
    }
}
