import Foundation
import FoundryCatalog
import FoundryCore
import FoundryGateway
import FoundryRouting
import HTTPTypes
import Synchronization

/// Budgets and rate limits of the keys `route serve` admits: each routed request reserves its
/// worst case before any model is called and settles what it cost when it ends. Reservations
/// are held by decision id, so whichever path answers (the event-loop relay or the task path)
/// settles them.
final class ServeLimits: Sendable {
    let limiter: KeyLimiter
    private let open = Mutex<[String: LimitTicket]>([:])

    init(limiter: KeyLimiter) { self.limiter = limiter }

    /// The prompt tokens a request may really use: foundry's estimate with a margin, since the
    /// provider's tokenizer may count more.
    static func worstPromptTokens(_ estimate: Int) -> Int { estimate + estimate / 4 + 16 }

    /// Reserves the decision's worst case for the caller's key and tags; refuses with 429, or throws
    /// `NeedsBudgetShare` when this instance must ask the store for more of a shared budget
    /// first (unless `final`).
    func admit(_ caller: ServeCaller, decision: inout Decision, catalog: Catalog, final: Bool, local: Bool = false) throws {
        let subjects = caller.subjects.filter(\.limits)
        guard !subjects.isEmpty else { return }
        let prompt = Self.worstPromptTokens(decision.promptTokens), output = decision.constraints.maxTokens
        let worstUSD = decision.chain.compactMap { try? catalog.entry(named: $0) }.map {
            CostCalculator.cost(BillableTokens(input: prompt, output: output), prices: $0.prices).usd
        }.max() ?? 0
        switch limiter.admit(subjects, worstUSD: worstUSD, worstTokens: prompt + output, final: final, local: local) {
        case .failure(let refusal) where refusal.reason == .share:
            throw NeedsBudgetShare(subjects: subjects, worstUSD: worstUSD, worstTokens: prompt + output)
        case .failure(let refusal):
            var headers = refusal.headers
            headers["retry-after"] = "\(Int(refusal.retryAfter.rounded(.up)))"
            throw ServeRefusal(status: .tooManyRequests, message: refusal.message, type: refusal.reason == .budget ? "insufficient_quota" : "requests",
                               code: refusal.reason.rawValue,
                               headers: Dictionary(uniqueKeysWithValues: headers.map { (HTTPField.Name($0.key)!, $0.value) }))
        case .success(let ticket):
            decision.caller?.budgetWarning = ticket.warning
            open.withLock { $0[decision.id] = ticket }
        }
    }

    /// Asks the store for a larger share of a key's budget. A store that cannot be reached is a
    /// 503, or, `orLocally`, leaves the budget to this instance (returns true).
    func replenish(_ need: NeedsBudgetShare, orLocally: Bool) async throws -> Bool {
        do {
            try await limiter.replenish(need.subjects, worstUSD: need.worstUSD, worstTokens: need.worstTokens)
            return false
        } catch {
            if orLocally { return true }
            throw ServeRefusal(status: .serviceUnavailable, message: "the shared store is unavailable, so the key's limits cannot be checked: \(error)",
                               type: "server_error", code: "store_unavailable")
        }
    }

    /// Headers for the response of an admitted request.
    func headers(_ decisionID: String) -> [HTTPField.Name: String] {
        guard let ticket = open.withLock({ $0[decisionID] }) else { return [:] }
        var h = Dictionary(uniqueKeysWithValues: ticket.headers.map { (HTTPField.Name($0.key)!, $0.value) })
        if let warning = ticket.warning { h[HTTPField.Name("x-foundry-budget-warning")!] = HeaderText.safe(warning) }
        return h
    }

    /// The request ended (answered or failed): settle what it cost.
    func finish(_ decisionID: String, costUSD: Double, tokens: Int) {
        guard let ticket = open.withLock({ $0.removeValue(forKey: decisionID) }) else { return }
        limiter.settle(ticket, costUSD: costUSD, tokens: tokens)
    }

    /// A stream cut before its usage was known: settled at its worst case, so a budget is never
    /// under-counted.
    func finishAtWorst(_ decisionID: String) {
        guard let ticket = open.withLock({ $0.removeValue(forKey: decisionID) }) else { return }
        limiter.settle(ticket, costUSD: ticket.worstUSD, tokens: ticket.worstTokens)
    }
}

/// This instance's share of a fleet-wide budget or its lease on a fleet-wide rate is used up;
/// the store may grant more.
struct NeedsBudgetShare: Error {
    let subjects: [LimitSubject]
    let worstUSD: Double
    let worstTokens: Int
}
