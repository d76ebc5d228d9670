import Foundation
import Synchronization

/// Budgets, request and token rates and in-flight limits of virtual keys, enforced in memory
/// on the request path: admitting a request reserves its worst case (prompt plus max tokens at
/// the priciest model it may reach), settling it replaces the reservation with what it cost.
/// A budget is refused when settled spend + reservations + this request's worst case would
/// pass it, so the spend of one instance never exceeds a budget.
public final class KeyLimiter: Sendable {
    private struct Account {
        var inFlight = 0
        var requests = SlidingWindow()
        var tokens = SlidingWindow()
        var periodStart: Date?
        var spentUSD = 0.0
        var reservedUSD = 0.0
        /// With a ledger: this instance's share of the budget for the period.
        var shareUSD = 0.0
        var lastAdmitted = 0.0
        var reportedUsed: Double?
        var lastReport = 0.0
    }

    private struct State {
        var accounts: [String: Account] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    /// The rate window (60 s; shorter in tests).
    public let window: Double
    /// Shares of fleet-wide budgets (a PostgreSQL store); nil: this instance alone spends them.
    public let ledger: (any BudgetLedger)?

    public init(window length: Duration = .seconds(60), ledger: (any BudgetLedger)? = nil) {
        window = Double(length.components.seconds) + Double(length.components.attoseconds) / 1e18
        self.ledger = ledger
    }

    /// Spend already settled in the current period (read from the store when serving starts).
    public func preload(key: String, periodStart: Date, spentUSD: Double) {
        state.withLock { s in
            s.accounts[key, default: Account()].periodStart = periodStart
            s.accounts[key, default: Account()].spentUSD = spentUSD
        }
    }

    /// Admits a request of `key` or says why not. With a ledger, a request past this instance's
    /// share is refused with `.share` unless `final`: the caller asks for more (`replenish`) and
    /// tries again with `final` set.
    /// `local`: the store cannot be reached and this instance serves from its own state (open
    /// mode): the whole budget, less what this instance knows was spent, is admitted here.
    public func admit(_ key: VirtualKey, worstUSD: Double, worstTokens: Int, now: Date = Date(), final: Bool = false,
                      local: Bool = false) -> Result<LimitTicket, LimitRefusal> {
        let t = now.timeIntervalSince1970
        return state.withLock { s -> Result<LimitTicket, LimitRefusal> in
            var a = s.accounts[key.name] ?? Account()
            a.requests.trim(now: t, length: window)
            a.tokens.trim(now: t, length: window)
            if let budget = key.budget {
                let start = budget.periodStart(containing: now)
                if a.periodStart != start {
                    a.periodStart = start
                    a.spentUSD = 0
                    a.shareUSD = 0
                }
            }
            defer { s.accounts[key.name] = a }
            if let max = key.maxParallel, a.inFlight >= max {
                return .failure(LimitRefusal(reason: .parallel, retryAfter: 1,
                                             message: "the key '\(key.name)' has \(a.inFlight) requests in flight, its limit (--max-parallel \(max))"))
            }
            if let rpm = key.rpm, a.requests.total + 1 > Double(rpm) {
                let wait = a.requests.wait(forRoom: 1, limit: Double(rpm), now: t, length: window)
                return .failure(LimitRefusal(reason: .requests, retryAfter: wait,
                                             message: "the key '\(key.name)' reached its rate limit of \(rpm) requests per \(windowText)",
                                             headers: rateHeaders(key, a, now: t)))
            }
            if let tpm = key.tpm, a.tokens.total + Double(worstTokens) > Double(tpm) {
                let wait = Double(worstTokens) > Double(tpm) ? window : a.tokens.wait(forRoom: Double(worstTokens), limit: Double(tpm), now: t, length: window)
                return .failure(LimitRefusal(reason: .tokens, retryAfter: wait,
                                             message: "the key '\(key.name)' reached its limit of \(tpm) tokens per \(windowText) "
                                                 + "(this request may use \(worstTokens): prompt and max_tokens)",
                                             headers: rateHeaders(key, a, now: t)))
            }
            let allowance = ledger == nil || local ? key.budget?.amountUSD ?? 0 : a.shareUSD
            if let budget = key.budget, a.spentUSD + a.reservedUSD + worstUSD > allowance {
                if ledger != nil && !final {
                    return .failure(LimitRefusal(reason: .share, retryAfter: 0, message: "this instance's share of the budget is used up"))
                }
                let end = budget.period.end(containing: now)
                let whose = ledger == nil ? "" : " (with every instance on the store)"
                return .failure(LimitRefusal(
                    reason: .budget, retryAfter: end.timeIntervalSince(now),
                    message: String(format: "the key '%@' has spent or reserved all but $%.4f of its %@ budget%@; "
                                        + "this request may cost up to $%.4f", key.name,
                                    max(0, allowance - a.spentUSD - a.reservedUSD), budget.description,
                                    whose, worstUSD)))
            }
            s.nextID += 1
            let id = s.nextID
            a.inFlight += 1
            a.requests.add(id: id, time: t, amount: 1)
            a.tokens.add(id: id, time: t, amount: Double(worstTokens))
            a.reservedUSD += worstUSD
            a.lastAdmitted = t
            var warning: String?
            if let soft = key.softBudgetUSD, let budget = key.budget, a.spentUSD + a.reservedUSD > soft {
                warning = String(format: "the key '%@' is past its soft budget: $%.4f spent or reserved of $%.2f (hard budget %@)",
                                 key.name, a.spentUSD + a.reservedUSD, soft, budget.description)
            }
            return .success(LimitTicket(id: id, key: key.name, periodStart: a.periodStart, worstUSD: worstUSD, worstTokens: worstTokens,
                                        warning: warning, headers: rateHeaders(key, a, now: t)))
        }
    }

    /// The request ended: its reservation becomes what it cost (zero when nothing was billed).
    public func settle(_ ticket: LimitTicket, costUSD: Double, tokens: Int) {
        state.withLock { s in
            guard var a = s.accounts[ticket.key] else { return }
            a.inFlight -= 1
            a.reservedUSD = max(0, a.reservedUSD - ticket.worstUSD)
            if a.periodStart == ticket.periodStart { a.spentUSD += costUSD }
            a.tokens.correct(id: ticket.id, amount: Double(tokens))
            s.accounts[ticket.key] = a
        }
    }

    /// Asks the ledger for a larger share of `key`'s budget, enough for `worstUSD` and some
    /// requests after it (2 % of the budget), so the store is asked once per many requests.
    public func replenish(_ key: VirtualKey, worstUSD: Double, now: Date = Date()) async throws {
        guard let ledger, let budget = key.budget else { return }
        let period = budget.periodStart(containing: now)
        let want = state.withLock { s -> Double in
            let a = s.accounts[key.name] ?? Account()
            let missing = a.periodStart == period ? a.spentUSD + a.reservedUSD + worstUSD - a.shareUSD : worstUSD
            return max(missing, 0) + budget.amountUSD * 0.02
        }
        let granted = try await ledger.grant(scope: "key:" + key.name, period: period, limit: budget.amountUSD, want: want)
        state.withLock { s in
            var a = s.accounts[key.name] ?? Account()
            if a.periodStart != period {
                a.periodStart = period
                a.spentUSD = 0
                a.shareUSD = 0
            }
            a.shareUSD += granted
            s.accounts[key.name] = a
        }
    }

    /// Reports settled spend and shares to the ledger; a share idle for a second shrinks to
    /// what is spent and reserved, so other instances can have the rest.
    public func reportShares(now: Date = Date()) async throws {
        guard let ledger else { return }
        let t = now.timeIntervalSince1970
        let changed = state.withLock { s -> [BudgetShare] in
            var out: [BudgetShare] = []
            for (name, var a) in s.accounts {
                guard let period = a.periodStart else { continue }
                var released = 0.0
                if t - a.lastAdmitted > 1, a.shareUSD > a.spentUSD + a.reservedUSD {
                    released = a.shareUSD - a.spentUSD - a.reservedUSD
                    a.shareUSD -= released
                }
                // A share held beyond what is spent is reported every few seconds as a heartbeat.
                if released > 0 || a.reportedUsed != a.spentUSD || (a.shareUSD > a.spentUSD && t - a.lastReport > 5) {
                    out.append(BudgetShare(scope: "key:" + name, period: period, used: a.spentUSD, released: released))
                    a.reportedUsed = a.spentUSD
                    a.lastReport = t
                }
                s.accounts[name] = a
            }
            return out
        }
        try await ledger.report(changed)
    }

    /// Settled spend and reservations of a key now (for reports and tests).
    public func spend(of key: String) -> (spentUSD: Double, reservedUSD: Double, inFlight: Int) {
        state.withLock { s in
            let a = s.accounts[key] ?? Account()
            return (a.spentUSD, a.reservedUSD, a.inFlight)
        }
    }

    private var windowText: String { window == 60 ? "minute" : String(format: "%g s", window) }

    /// OpenAI's x-ratelimit-* headers for the key's request and token limits.
    private func rateHeaders(_ key: VirtualKey, _ a: Account, now: Double) -> [String: String] {
        var h: [String: String] = [:]
        if let rpm = key.rpm {
            h["x-ratelimit-limit-requests"] = "\(rpm)"
            h["x-ratelimit-remaining-requests"] = "\(max(0, rpm - Int(a.requests.total)))"
            h["x-ratelimit-reset-requests"] = Self.duration(a.requests.reset(now: now, length: window))
        }
        if let tpm = key.tpm {
            h["x-ratelimit-limit-tokens"] = "\(tpm)"
            h["x-ratelimit-remaining-tokens"] = "\(max(0, tpm - Int(a.tokens.total.rounded(.up))))"
            h["x-ratelimit-reset-tokens"] = Self.duration(a.tokens.reset(now: now, length: window))
        }
        return h
    }

    /// OpenAI's reset format: `1s`, `6m0s`, `250ms`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded(.up)))ms" }
        let whole = Int(seconds.rounded(.up))
        return whole >= 60 ? "\(whole / 60)m\(whole % 60)s" : "\(whole)s"
    }
}

/// An admitted request's reservation.
public struct LimitTicket: Sendable {
    let id: Int
    public let key: String
    let periodStart: Date?
    public let worstUSD: Double
    public let worstTokens: Int
    /// Set when the key is past its soft budget.
    public let warning: String?
    /// x-ratelimit-* headers for the response.
    public let headers: [String: String]
}

/// Why a request is refused (HTTP 429).
public struct LimitRefusal: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case requests = "rate_limit_requests", tokens = "rate_limit_tokens", budget = "budget_exceeded", parallel = "too_many_in_flight"
        /// Not a refusal to show: this instance needs a larger share of a fleet-wide budget.
        case share = "budget_share"
    }

    public let reason: Reason
    /// Seconds until the request could pass (Retry-After).
    public let retryAfter: Double
    public let message: String
    public var headers: [String: String] = [:]

    public var description: String { message }
}
