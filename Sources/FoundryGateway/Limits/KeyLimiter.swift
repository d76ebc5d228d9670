import Foundation
import Synchronization

/// Budgets, request and token rates and in-flight limits of virtual keys and tags, enforced in
/// memory on the request path: admitting a request reserves its worst case (prompt plus max
/// tokens at the priciest model it may reach) on its key and on each of its tags with limits;
/// settling it replaces the reservation with what it cost. A budget is refused when settled
/// spend + reservations + this request's worst case would pass it, so the spend of one instance
/// never exceeds a budget.
///
/// With a ledger (a PostgreSQL store shared by a fleet), budgets are spent within shares the
/// store grants, and request and token rates within leases it grants (`RateLease`): the fleet
/// together stays within every limit, and the store is asked only when a share or lease runs
/// out, never once per request.
public final class KeyLimiter: Sendable {
    struct Account {
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
        /// With a ledger: this instance's leases on the fleet's request and token rates.
        var leases: [RateKind: HeldLease] = [:]
        /// When the store last had no room for a rate: the time it expects some.
        var fleetRoomAt: [RateKind: Double] = [:]
        /// With a ledger: in-flight slots of the fleet's limit this instance holds.
        var slots = 0
        var lastSlotReport = 0.0

        /// Moves the leases whose life is over at `t` to `ended` (to be closed in the store).
        mutating func endLeases(before t: Double, into ended: inout [RateLease]) {
            for (kind, held) in leases where held.expires <= t {
                ended.append(held.lease)
                leases[kind] = nil
            }
        }
    }

    enum RateKind: String, Sendable { case requests = "rpm", tokens = "tpm" }

    struct HeldLease {
        var lease: RateLease
        /// Local time after which it may no longer be used.
        var expires: Double
    }

    struct State {
        var accounts: [String: Account] = [:]
        var nextID = 0
        /// Leases whose life is over, to close in the store.
        var ended: [RateLease] = []
    }

    let state = Mutex(State())
    /// Store questions being asked now (`once`).
    let asking = Mutex<[String: Task<Void, any Error>]>([:])
    /// Renewals ahead of need (`renewAhead`): the one running, and when the last began.
    let ahead = Mutex<(running: Task<Void, Never>?, last: Double)>((nil, 0))
    /// The rate window (60 s; shorter in tests).
    public let window: Double
    /// Shares of fleet-wide budgets and rates (a PostgreSQL store); nil: this instance alone.
    public let ledger: (any BudgetLedger)?

    public init(window length: Duration = .seconds(60), ledger: (any BudgetLedger)? = nil) {
        window = Double(length.components.seconds) + Double(length.components.attoseconds) / 1e18
        self.ledger = ledger
    }

    /// How long a rate lease may be used: a tenth of the window, at most a second. The fleet's
    /// rate is counted over `window + leaseLife`, so it may admit that much less than the limit.
    public var leaseLife: Double { min(1, window / 10) }

    /// How much of a rate limit one lease asks for: a twentieth, at least one request.
    static func chunk(_ limit: Int) -> Double { max(1, (Double(limit) / 20).rounded(.up)) }

    /// Spend already settled in the current period (read from the store when serving starts).
    public func preload(scope: String, periodStart: Date, spentUSD: Double) {
        state.withLock { s in
            s.accounts[scope, default: Account()].periodStart = periodStart
            s.accounts[scope, default: Account()].spentUSD = spentUSD
        }
    }

    public func preload(key: String, periodStart: Date, spentUSD: Double) { preload(scope: "key:" + key, periodStart: periodStart, spentUSD: spentUSD) }

    public func admit(_ key: VirtualKey, worstUSD: Double, worstTokens: Int, now: Date = Date(), final: Bool = false,
                      local: Bool = false) -> Result<LimitTicket, LimitRefusal> {
        admit([key.limitSubject], worstUSD: worstUSD, worstTokens: worstTokens, now: now, final: final, local: local)
    }

    /// Admits a request counted against `subjects` (its key first, then its tags with limits) or
    /// says why not. With a ledger, a request past this instance's share or lease is refused
    /// with `.share` unless `final`: the caller asks the store for more (`replenish`) and tries
    /// again with `final` set.
    /// `local`: the store cannot be reached and this instance serves from its own state (open
    /// mode): whole limits, less what this instance knows was used, are admitted here.
    public func admit(_ subjects: [LimitSubject], worstUSD: Double, worstTokens: Int, now: Date = Date(), final: Bool = false,
                      local: Bool = false) -> Result<LimitTicket, LimitRefusal> {
        let t = now.timeIntervalSince1970
        let subjects = subjects.filter(\.limits)
        guard !subjects.isEmpty else {
            return .success(LimitTicket(id: 0, scopes: [], periodStarts: [], worstUSD: worstUSD, worstTokens: worstTokens, warning: nil, headers: [:]))
        }
        let shared = ledger != nil && !local
        var low = false
        defer { if low { renewAhead(subjects, worstUSD: worstUSD, worstTokens: worstTokens) } }
        return state.withLock { s -> Result<LimitTicket, LimitRefusal> in
            var accounts = subjects.map { subject -> Account in
                var a = s.accounts[subject.scope] ?? Account()
                prepare(&a, subject, now: now, ended: &s.ended)
                return a
            }
            defer { for (subject, a) in zip(subjects, accounts) { s.accounts[subject.scope] = a } }
            for (i, subject) in subjects.enumerated() {
                if let refusal = check(subject, accounts[i], worstUSD: worstUSD, worstTokens: worstTokens, now: now, shared: shared, final: final) {
                    return .failure(refusal)
                }
            }
            s.nextID += 1
            let id = s.nextID
            var warning: String?
            for i in accounts.indices {
                accounts[i].inFlight += 1
                accounts[i].requests.add(id: id, time: t, amount: 1)
                accounts[i].tokens.add(id: id, time: t, amount: Double(worstTokens))
                accounts[i].reservedUSD += worstUSD
                accounts[i].lastAdmitted = t
                if shared, subjects[i].rpm != nil { accounts[i].leases[.requests]?.lease.used += 1 }
                if shared, subjects[i].tpm != nil { accounts[i].leases[.tokens]?.lease.used += Double(worstTokens) }
                let a = accounts[i]
                if warning == nil, let soft = subjects[i].softBudgetUSD, let budget = subjects[i].budget, a.spentUSD + a.reservedUSD > soft {
                    warning = String(format: "%@ is past its soft budget: $%.4f spent or reserved of $%.2f (hard budget %@)",
                                     subjects[i].label, a.spentUSD + a.reservedUSD, soft, budget.description)
                }
            }
            if shared { low = zip(subjects, accounts).contains { runsLow($0, $1, now: t) } }
            return .success(LimitTicket(id: id, scopes: subjects.map(\.scope), periodStarts: accounts.map(\.periodStart), worstUSD: worstUSD,
                                        worstTokens: worstTokens, warning: warning, headers: rateHeaders(subjects[0], accounts[0], now: t)))
        }
    }

    /// Trims the windows, starts a new budget period, and ends leases whose life is over.
    private func prepare(_ a: inout Account, _ subject: LimitSubject, now: Date, ended: inout [RateLease]) {
        let t = now.timeIntervalSince1970
        a.requests.trim(now: t, length: window)
        a.tokens.trim(now: t, length: window)
        if let budget = subject.budget {
            let start = budget.periodStart(containing: now)
            if a.periodStart != start {
                a.periodStart = start
                a.spentUSD = 0
                a.shareUSD = 0
            }
        }
        a.endLeases(before: t, into: &ended)
    }

    /// Why `subject` has no room for the request, or nil.
    private func check(_ subject: LimitSubject, _ a: Account, worstUSD: Double, worstTokens: Int, now: Date, shared: Bool,
                       final: Bool) -> LimitRefusal? {
        let t = now.timeIntervalSince1970
        let who = subject.label
        if let max = subject.maxParallel {
            if a.inFlight >= max {
                return LimitRefusal(reason: .parallel, retryAfter: 1, message: "\(who) has \(a.inFlight) requests in flight, its limit (max-parallel \(max))")
            }
            if shared, a.inFlight + 1 > a.slots {
                if !final { return LimitRefusal(reason: .share, retryAfter: 0, message: "this instance needs an in-flight slot") }
                return LimitRefusal(reason: .parallel, retryAfter: 1,
                                    message: "\(who) has \(max) requests in flight with every instance on the store, its limit (max-parallel \(max))")
            }
        }
        if let rpm = subject.rpm {
            if a.requests.total + 1 > Double(rpm) {
                return LimitRefusal(reason: .requests, retryAfter: a.requests.wait(forRoom: 1, limit: Double(rpm), now: t, length: window),
                                    message: "\(who) reached its rate limit of \(rpm) requests per \(windowText)", headers: rateHeaders(subject, a, now: t))
            }
            if shared, (a.leases[.requests]?.lease.remaining ?? 0) < 1 {
                if !final { return LimitRefusal(reason: .share, retryAfter: 0, message: "this instance needs a lease on the request rate") }
                return LimitRefusal(reason: .requests, retryAfter: max(0.001, (a.fleetRoomAt[.requests] ?? t + leaseLife) - t),
                                    message: "\(who) reached its rate limit of \(rpm) requests per \(windowText) (with every instance on the store)",
                                    headers: rateHeaders(subject, a, now: t))
            }
        }
        if let tpm = subject.tpm {
            if a.tokens.total + Double(worstTokens) > Double(tpm) {
                let wait = Double(worstTokens) > Double(tpm) ? window : a.tokens.wait(forRoom: Double(worstTokens), limit: Double(tpm), now: t, length: window)
                return LimitRefusal(reason: .tokens, retryAfter: wait,
                                    message: "\(who) reached its limit of \(tpm) tokens per \(windowText) (this request may use \(worstTokens): prompt and max_tokens)",
                                    headers: rateHeaders(subject, a, now: t))
            }
            if shared, (a.leases[.tokens]?.lease.remaining ?? 0) < Double(worstTokens) {
                if !final { return LimitRefusal(reason: .share, retryAfter: 0, message: "this instance needs a lease on the token rate") }
                return LimitRefusal(reason: .tokens, retryAfter: max(0.001, (a.fleetRoomAt[.tokens] ?? t + leaseLife) - t),
                                    message: "\(who) reached its limit of \(tpm) tokens per \(windowText) with every instance on the store "
                                        + "(this request may use \(worstTokens): prompt and max_tokens)",
                                    headers: rateHeaders(subject, a, now: t))
            }
        }
        let allowance = shared ? a.shareUSD : subject.budget?.amountUSD ?? 0
        if let budget = subject.budget, a.spentUSD + a.reservedUSD + worstUSD > allowance {
            if shared && !final { return LimitRefusal(reason: .share, retryAfter: 0, message: "this instance's share of the budget is used up") }
            return LimitRefusal(
                reason: .budget, retryAfter: budget.period.end(containing: now).timeIntervalSince(now),
                message: String(format: "%@ has spent or reserved all but $%.4f of its %@ budget%@; this request may cost up to $%.4f", who,
                                max(0, allowance - a.spentUSD - a.reservedUSD), budget.description,
                                shared ? " (with every instance on the store)" : "", worstUSD))
        }
        return nil
    }

    /// The request ended: its reservation becomes what it cost (zero when nothing was billed).
    public func settle(_ ticket: LimitTicket, costUSD: Double, tokens: Int) {
        state.withLock { s in
            for (scope, periodStart) in zip(ticket.scopes, ticket.periodStarts) {
                guard var a = s.accounts[scope] else { continue }
                a.inFlight -= 1
                a.reservedUSD = max(0, a.reservedUSD - ticket.worstUSD)
                if a.periodStart == periodStart { a.spentUSD += costUSD }
                a.tokens.correct(id: ticket.id, amount: Double(tokens))
                s.accounts[scope] = a
            }
        }
    }

    private var windowText: String { window == 60 ? "minute" : String(format: "%g s", window) }

    /// OpenAI's x-ratelimit-* headers for the subject's request and token limits.
    private func rateHeaders(_ subject: LimitSubject, _ a: Account, now: Double) -> [String: String] {
        var h: [String: String] = [:]
        if let rpm = subject.rpm {
            h["x-ratelimit-limit-requests"] = "\(rpm)"
            h["x-ratelimit-remaining-requests"] = "\(max(0, rpm - Int(a.requests.total)))"
            h["x-ratelimit-reset-requests"] = Self.duration(a.requests.reset(now: now, length: window))
        }
        if let tpm = subject.tpm {
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
    /// The accounts it is counted against (`key:NAME`, `tag:K=V`).
    public let scopes: [String]
    let periodStarts: [Date?]
    public let worstUSD: Double
    public let worstTokens: Int
    /// Set when the key or a tag is past its soft budget.
    public let warning: String?
    /// x-ratelimit-* headers for the response.
    public let headers: [String: String]
}

/// Why a request is refused (HTTP 429).
public struct LimitRefusal: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case requests = "rate_limit_requests", tokens = "rate_limit_tokens", budget = "budget_exceeded", parallel = "too_many_in_flight"
        /// Not a refusal to show: this instance needs a larger share or a new lease from the store.
        case share = "budget_share"
    }

    public let reason: Reason
    /// Seconds until the request could pass (Retry-After).
    public let retryAfter: Double
    public let message: String
    public var headers: [String: String] = [:]

    public var description: String { message }
}
