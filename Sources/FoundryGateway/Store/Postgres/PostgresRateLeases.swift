import Foundation
import PostgresNIO

/// Leases on shared rate limits: one row per lease, stamped with the store's clock (so
/// instances' clocks do not matter). A grant locks the scope, sums the leases granted in the
/// last `window + life` seconds and grants what is left under the limit. Leases are kept ten
/// minutes (or two spans) after their grant, then deleted.
extension PostgresBudgetLedger {
    public func lease(scope: String, limit: Double, window: Double, life: Double, want: Double, need: Double) async throws -> RateLease {
        let instance = self.instance
        let span = window + life
        return try await session.transaction { c in
            let logger = PostgresSession.logger
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(scope)))::text", logger: logger)
            try await c.query("""
                DELETE FROM foundry_rate_leases WHERE scope = \(scope) AND granted_at < clock_timestamp() - make_interval(secs => \(max(span * 2, 600)))
                """, logger: logger)
            var counted = 0.0, wait = 0.0
            let rows = try await c.query("""
                SELECT coalesce(sum(amount), 0)::float8,
                       coalesce(extract(epoch FROM min(granted_at) + make_interval(secs => \(span)) - clock_timestamp()), 0)::float8
                FROM foundry_rate_leases WHERE scope = \(scope) AND granted_at > clock_timestamp() - make_interval(secs => \(span))
                """, logger: logger)
            for try await (sum, seconds) in rows.decode((Double, Double).self) { (counted, wait) = (sum, seconds) }
            let give = min(want, limit - counted)
            guard give >= need, give > 0 else { return RateLease(id: nil, amount: 0, retryAfter: max(wait, 0.001)) }
            let inserted = try await c.query("""
                INSERT INTO foundry_rate_leases (scope, instance, amount) VALUES (\(scope), \(instance), \(give)) RETURNING id
                """, logger: logger)
            var id: Int64?
            for try await row in inserted.decode(Int64.self) { id = row }
            return RateLease(id: id, amount: give, retryAfter: 0)
        }
    }

    public func close(_ leases: [RateLease]) async throws {
        let closing = leases.filter { $0.id != nil }
        guard !closing.isEmpty else { return }
        try await session.transaction { c in
            for lease in closing {
                try await c.query("UPDATE foundry_rate_leases SET amount = least(amount, \(lease.used)) WHERE id = \(lease.id!)",
                                  logger: PostgresSession.logger)
            }
        }
    }

    /// What the fleet's leases on `scope` count now (for tests).
    public func leased(scope: String, span: Double) async throws -> Double {
        try await session.run { c in
            let rows = try await c.query("""
                SELECT coalesce(sum(amount), 0)::float8 FROM foundry_rate_leases
                WHERE scope = \(scope) AND granted_at > clock_timestamp() - make_interval(secs => \(span))
                """, logger: PostgresSession.logger)
            for try await sum in rows.decode(Double.self) { return sum }
            return 0
        }
    }
}
