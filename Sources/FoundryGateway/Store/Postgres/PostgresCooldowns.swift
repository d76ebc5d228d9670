import Foundation
import PostgresNIO

/// Cooldowns every instance on the store respects: a model that one instance cools (after its
/// own run of failures) is published here, and every instance reads the active ones every
/// 250 ms, so a failing model is avoided fleet-wide within a second.
public final class PostgresCooldowns: Sendable {
    let session: PostgresSession
    let instance: String

    public init(store: PostgresGatewayStore, instance: String) {
        session = store.session
        self.instance = instance
    }

    /// Publishes cooldowns this instance started (a later end wins).
    public func publish(_ cooldowns: [String: Date]) async throws {
        guard !cooldowns.isEmpty else { return }
        let instance = self.instance
        try await session.transaction { c in
            for (model, until) in cooldowns {
                try await c.query("""
                    INSERT INTO foundry_cooldowns (model, until, started_by) VALUES (\(model), \(until), \(instance))
                    ON CONFLICT (model) DO UPDATE SET until = greatest(foundry_cooldowns.until, EXCLUDED.until),
                        started_by = CASE WHEN EXCLUDED.until > foundry_cooldowns.until THEN EXCLUDED.started_by ELSE foundry_cooldowns.started_by END
                    """, logger: PostgresSession.logger)
            }
        }
    }

    /// Models cooling down now, fleet-wide.
    public func active() async throws -> [String: Date] {
        try await session.run { c in
            let rows = try await c.query("SELECT model, until FROM foundry_cooldowns WHERE until > now()", logger: PostgresSession.logger)
            var result: [String: Date] = [:]
            for try await (model, until) in rows.decode((String, Date).self) { result[model] = until }
            return result
        }
    }
}
