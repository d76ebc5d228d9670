import Foundation
import PostgresNIO

/// Latency samples of every instance, so that each instance's routing predicts from the whole
/// fleet's recent calls: each publishes what it measured about once a second and reads back the
/// most recent samples per model.
public final class PostgresLatency: Sendable {
    /// One call's latencies.
    public struct Sample: Codable, Sendable, Equatable {
        public var model: String
        public var ttftMs: Double?
        public var totalMs: Double

        public init(model: String, ttftMs: Double?, totalMs: Double) {
            self.model = model
            self.ttftMs = ttftMs
            self.totalMs = totalMs
        }

        enum CodingKeys: String, CodingKey { case model = "m", ttftMs = "t", totalMs = "a" }
    }

    let session: PostgresSession
    let instance: String
    /// Samples kept per model (older ones are deleted as new ones arrive).
    public let window: Int

    public init(store: PostgresGatewayStore, instance: String, window: Int) {
        session = store.bulk
        self.instance = instance
        self.window = window
    }

    public func publish(_ samples: [Sample]) async throws {
        guard !samples.isEmpty else { return }
        let json = String(decoding: try JSONEncoder().encode(samples), as: UTF8.self)
        let (instance, keep) = (self.instance, self.window * 2)
        try await session.transaction { c in
            try await c.query("""
                INSERT INTO foundry_latency (model, ttft_ms, total_ms, instance)
                SELECT r->>'m', (r->>'t')::float8, (r->>'a')::float8, \(instance) FROM jsonb_array_elements(\(json)::jsonb) AS r
                """, logger: PostgresSession.logger)
            try await c.query("""
                DELETE FROM foundry_latency WHERE id IN (
                    SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY model ORDER BY id DESC) AS n FROM foundry_latency) s WHERE n > \(keep))
                """, logger: PostgresSession.logger)
        }
    }

    /// The fleet's most recent samples per model, oldest first.
    public func recent() async throws -> [String: (ttftMs: [Double], totalMs: [Double])] {
        let window = self.window
        return try await session.run { c in
            let rows = try await c.query("""
                SELECT model, coalesce(array_agg(ttft_ms ORDER BY id) FILTER (WHERE ttft_ms IS NOT NULL), '{}')::float8[],
                       array_agg(total_ms ORDER BY id)::float8[]
                FROM (SELECT model, id, ttft_ms, total_ms, row_number() OVER (PARTITION BY model ORDER BY id DESC) AS n FROM foundry_latency) s
                WHERE n <= \(window) GROUP BY model
                """, logger: PostgresSession.logger)
            var result: [String: (ttftMs: [Double], totalMs: [Double])] = [:]
            for try await (model, ttft, total) in rows.decode((String, [Double], [Double]).self) { result[model] = (ttft, total) }
            return result
        }
    }
}
