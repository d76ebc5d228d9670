import Foundation
import PostgresNIO

/// The decision records of every instance, in PostgreSQL: written in batches (`PostgresBatchLog`)
/// as the JSON each instance also appends to its decisions.jsonl, so any instance can show any
/// decision of the fleet (`GET /v1/decisions/{id}`).
public enum PostgresDecisionLog {
    /// Each record is a decision's JSON; its `id`, `time`, `chosen` and `caller.key` fill the columns.
    public static func make(store: PostgresGatewayStore, instance: String) -> PostgresBatchLog<String> {
        PostgresBatchLog(store: store, instance: instance) { c, batch, instance in
            let array = "[" + batch.joined(separator: ",") + "]"
            try await c.query("""
                INSERT INTO foundry_decisions (id, time, key, chosen, instance, record)
                SELECT r->>'id', (r->>'time')::timestamptz, r->'caller'->>'key', r->>'chosen', \(instance), r
                FROM jsonb_array_elements(\(array)::jsonb) AS r
                ON CONFLICT (id) DO NOTHING
                """, logger: PostgresSession.logger)
        }
    }

    /// The JSON of decision `id`, whichever instance made it.
    public static func find(_ store: PostgresGatewayStore, id: String) async throws -> String? {
        try await store.session.run { c in
            let rows = try await c.query("SELECT record::text FROM foundry_decisions WHERE id = \(id)", logger: PostgresSession.logger)
            for try await text in rows.decode(String.self) { return text }
            return nil
        }
    }
}
