import Foundation
import FoundryCore
import PostgresNIO

/// The usage records of every instance, in PostgreSQL, for `cost report --store`, written in
/// batches (`PostgresBatchLog`). Each instance also keeps its own usage.jsonl.
public enum PostgresUsageLog {
    public static func make(store: PostgresGatewayStore, instance: String) -> PostgresBatchLog<UsageRecord> {
        PostgresBatchLog(store: store, instance: instance) { c, batch, instance in
            for record in batch {
                let json = JSONCoding.string(record)
                try await c.query("""
                    INSERT INTO foundry_usage (id, time, key, model, cost_usd, instance, record)
                    VALUES (\(record.id), \(record.time)::timestamptz, \(record.key), \(record.modelID), \(record.costUSD), \(instance), \(json)::jsonb)
                    ON CONFLICT (id) DO NOTHING
                    """, logger: PostgresSession.logger)
            }
        }
    }

    /// Every instance's records from `since` to `until` (days, YYYY-MM-DD, UTC, inclusive).
    public static func read(_ store: PostgresGatewayStore, since: String?, until: String?) async throws -> [UsageRecord] {
        try await store.session.run { c in
            let from = since ?? "0001-01-01", to = until ?? "9999-12-30"
            let rows = try await c.query("""
                SELECT record::text FROM foundry_usage
                WHERE time >= \(from)::date AND time < (\(to)::date + 1) ORDER BY time, id
                """, logger: PostgresSession.logger)
            var records: [UsageRecord] = []
            for try await text in rows.decode(String.self) {
                records.append(try JSONDecoder().decode(UsageRecord.self, from: Data(text.utf8)))
            }
            return records
        }
    }
}
