import Foundation

/// Where instances sharing a store get their shares of a fleet-wide budget. The store grants
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
