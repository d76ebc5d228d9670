import Foundation
import FoundryCore
import PostgresNIO
import Synchronization

/// The usage records of every instance, in PostgreSQL, for `cost report --store`. Records are
/// queued in memory and written in batches off the request path; a batch that fails stays
/// queued and is written when the store is back (record ids make a retry harmless), so an
/// outage loses nothing. Each instance also keeps its own usage.jsonl.
public final class PostgresUsageLog: Sendable {
    let session: PostgresSession
    let instance: String
    private let queue = Mutex<[UsageRecord]>([])

    public init(store: PostgresGatewayStore, instance: String) {
        session = store.session
        self.instance = instance
    }

    public func append(_ record: UsageRecord) { queue.withLock { $0.append(record) } }

    public var pending: Int { queue.withLock { $0.count } }

    /// Writes what is queued; on failure the records stay queued (in order) and the error is thrown.
    public func flush() async throws {
        let batch = queue.withLock { q -> [UsageRecord] in
            defer { q.removeAll() }
            return q
        }
        guard !batch.isEmpty else { return }
        let instance = self.instance
        do {
            try await session.transaction { c in
                for record in batch {
                    let json = JSONCoding.string(record)
                    try await c.query("""
                        INSERT INTO foundry_usage (id, time, key, model, cost_usd, instance, record)
                        VALUES (\(record.id), \(record.time)::timestamptz, \(record.key), \(record.modelID), \(record.costUSD), \(instance), \(json)::jsonb)
                        ON CONFLICT (id) DO NOTHING
                        """, logger: PostgresSession.logger)
                }
            }
        } catch {
            queue.withLock { $0.insert(contentsOf: batch, at: 0) }
            throw error
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
