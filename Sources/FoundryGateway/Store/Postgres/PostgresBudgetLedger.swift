import Foundation
import PostgresNIO

/// Budget shares in PostgreSQL: one row per budget, period and instance. Granting locks the
/// budget (an advisory lock on its name), returns stale shares to the pool, and grants what is
/// left under the limit.
public final class PostgresBudgetLedger: BudgetLedger {
    let session: PostgresSession
    /// This process's name in the shares table.
    public let instance: String
    /// A share whose instance has not reported for this long is taken back.
    static let stale = 30

    public init(store: PostgresGatewayStore, instance: String = "i-" + UUID().uuidString.prefix(13).lowercased()) {
        session = store.session
        self.instance = instance
    }

    public func grant(scope: String, period: Date, limit: Double, want: Double) async throws -> Double {
        let instance = self.instance
        return try await session.transaction { c in
            let logger = PostgresSession.logger
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(scope)))::text", logger: logger)
            try await c.query("""
                UPDATE foundry_budget_shares SET granted = used
                WHERE scope = \(scope) AND period = \(period) AND granted > used AND instance <> \(instance)
                  AND updated_at < now() - make_interval(secs => \(Self.stale))
                """, logger: logger)
            var total = 0.0
            let rows = try await c.query("SELECT coalesce(sum(granted), 0)::float8 FROM foundry_budget_shares WHERE scope = \(scope) AND period = \(period)",
                                         logger: logger)
            for try await sum in rows.decode(Double.self) { total = sum }
            let give = max(0, min(want, limit - total))
            try await c.query("""
                INSERT INTO foundry_budget_shares (scope, period, instance, granted, used) VALUES (\(scope), \(period), \(instance), \(give), 0)
                ON CONFLICT (scope, period, instance)
                DO UPDATE SET granted = foundry_budget_shares.granted + EXCLUDED.granted, updated_at = now()
                """, logger: logger)
            return give
        }
    }

    public func report(_ shares: [BudgetShare]) async throws {
        guard !shares.isEmpty else { return }
        let instance = self.instance
        try await session.transaction { c in
            for share in shares {
                try await c.query("""
                    INSERT INTO foundry_budget_shares (scope, period, instance, granted, used)
                    VALUES (\(share.scope), \(share.period), \(instance), \(share.used), \(share.used))
                    ON CONFLICT (scope, period, instance)
                    DO UPDATE SET granted = greatest(foundry_budget_shares.granted - \(share.released), EXCLUDED.used),
                                  used = EXCLUDED.used, updated_at = now()
                    """, logger: PostgresSession.logger)
            }
        }
    }

    /// The fleet's settled spend and outstanding shares of a budget (for tests and reports).
    public func totals(scope: String, period: Date) async throws -> (granted: Double, used: Double) {
        try await session.run { c in
            let rows = try await c.query("""
                SELECT coalesce(sum(granted), 0)::float8, coalesce(sum(used), 0)::float8
                FROM foundry_budget_shares WHERE scope = \(scope) AND period = \(period)
                """, logger: PostgresSession.logger)
            for try await (granted, used) in rows.decode((Double, Double).self) { return (granted, used) }
            return (0, 0)
        }
    }
}
