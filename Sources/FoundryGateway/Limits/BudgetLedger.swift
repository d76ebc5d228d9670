import Foundation

/// Where instances sharing a store get their shares of a fleet-wide budget (and leases on its
/// rate limits and in-flight slots). The store grants
/// shares so that all instances' shares of a budget and period never sum past the budget; an
/// instance admits a request only within its own share (settled spend + reservations + the
/// request's worst case). So the fleet's spend stays within the budget without a store query
/// per request: the store is asked only when a share runs out.
public protocol BudgetLedger: Sendable {
    /// Grants this instance up to `want` more of `limit` for `scope` in the period starting
    /// `period`; returns what was granted (0 when the fleet's shares already reach the limit).
    func grant(scope: String, period: Date, limit: Double, want: Double) async throws -> Double
    /// Records this instance's settled spend and what it gives back of its share (free for other
    /// instances). Also a heartbeat: a share not reported for 30 s returns to the pool.
    func report(_ shares: [BudgetShare]) async throws
    /// Leases up to `want` of a rate limit (`limit` per `window` seconds) for `scope`, to be used
    /// within `life` seconds of asking. The store counts a lease from its grant until `window +
    /// life` later and grants only while the leases it counts stay within the limit, so the
    /// fleet never admits more than the limit in any window of that length. Grants at least
    /// `need` (what the request waiting for it will use) or nothing.
    func lease(scope: String, limit: Double, window: Double, life: Double, want: Double, need: Double) async throws -> RateLease
    /// Closes leases whose life is over: what each used replaces what it was granted, so the
    /// unused rest counts no more.
    func close(_ leases: [RateLease]) async throws
}

/// Part of a shared rate limit leased to this instance.
public struct RateLease: Sendable, Equatable {
    /// The store's row; nil when nothing was granted.
    public var id: Int64?
    public var amount: Double
    /// What this instance admitted against it.
    public var used: Double = 0
    /// When nothing was granted: seconds until the oldest lease counted stops counting.
    public var retryAfter: Double

    public init(id: Int64?, amount: Double, retryAfter: Double) {
        self.id = id
        self.amount = amount
        self.retryAfter = retryAfter
    }

    public var remaining: Double { amount - used }
}

/// One instance's report on one budget: its settled spend (absolute) and what it releases of
/// its share (a difference, so a grant made meanwhile is never overwritten).
public struct BudgetShare: Sendable, Equatable {
    public var scope: String
    public var period: Date
    public var used: Double
    public var released: Double

    public init(scope: String, period: Date, used: Double, released: Double) {
        self.scope = scope
        self.period = period
        self.used = used
        self.released = released
    }
}
