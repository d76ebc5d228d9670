import Foundation
import FoundryCore
import PostgresNIO

/// The gateway's state in PostgreSQL, shared by every instance on the same database. Key
/// changes bump a version row and `NOTIFY foundry_keys`, so other instances reload at once.
public final class PostgresGatewayStore: GatewayStore {
    package let session: PostgresSession
    /// A second connection for batched writes (usage and decision records, latency samples), so
    /// that the questions requests wait for (shares, leases, slots) never queue behind them.
    package let bulk: PostgresSession
    public let location: String
    static let keysChannel = "foundry_keys"

    public init(_ location: StoreURL.PostgresLocation) {
        session = PostgresSession(location)
        bulk = PostgresSession(location)
        self.location = StoreURL.postgres(location).description
    }

    public func migrate() async throws -> [Int] { try await migrate(upTo: PostgresMigrations.latest) }

    /// Migrates up to `version` only (tests start from an earlier schema this way).
    package func migrate(upTo version: Int) async throws -> [Int] {
        let location = self.location
        return try await session.transaction { try await PostgresMigrations.apply($0, location: location, upTo: version) }
    }

    /// Refuses an unmigrated or newer schema with one line saying what to do.
    public func checkSchema() async throws {
        let location = self.location
        try await session.run { try await PostgresMigrations.check($0, location: location) }
    }

    public func insert(_ key: VirtualKey) async throws {
        let doc = GatewayJSON.encode(key)
        try await session.transaction { c in
            let exists = try await c.query("SELECT 1 FROM foundry_keys WHERE name = \(key.name)", logger: PostgresSession.logger)
            for try await _ in exists {
                throw GatewayError.invalid("a key named '\(key.name)' exists already", hint: "choose another name, or foundry keys rotate \(key.name)")
            }
            try await c.query("INSERT INTO foundry_keys (name, hash, doc) VALUES (\(key.name), \(key.hash), \(doc)::jsonb)",
                              logger: PostgresSession.logger)
            try await Self.bump(c, name: key.name)
        }
    }

    public func keys() async throws -> [VirtualKey] {
        try await session.run { c in
            let rows = try await c.query("SELECT doc::text FROM foundry_keys ORDER BY name", logger: PostgresSession.logger)
            var keys: [VirtualKey] = []
            for try await doc in rows.decode(String.self) { keys.append(try Self.decode(doc)) }
            return keys
        }
    }

    public func update(_ name: String, _ change: @Sendable (inout VirtualKey) throws -> Void) async throws -> VirtualKey {
        try await session.transaction { c in
            let rows = try await c.query("SELECT doc::text FROM foundry_keys WHERE name = \(name) FOR UPDATE", logger: PostgresSession.logger)
            var found: VirtualKey?
            for try await doc in rows.decode(String.self) { found = try Self.decode(doc) }
            guard var key = found else { throw Self.unknown(name) }
            try change(&key)
            let doc = GatewayJSON.encode(key)
            try await c.query("UPDATE foundry_keys SET doc = \(doc)::jsonb, hash = \(key.hash), updated_at = now() WHERE name = \(name)",
                              logger: PostgresSession.logger)
            try await Self.bump(c, name: name)
            return key
        }
    }

    public func tagLimits() async throws -> [TagLimit] {
        try await session.run { c in
            let rows = try await c.query("SELECT doc::text FROM foundry_tag_limits ORDER BY tag", logger: PostgresSession.logger)
            var limits: [TagLimit] = []
            for try await doc in rows.decode(String.self) { limits.append(try Self.decode(TagLimit.self, doc, what: "tag limit")) }
            return limits
        }
    }

    public func setTagLimit(_ limit: TagLimit) async throws {
        let doc = GatewayJSON.encode(limit)
        try await session.transaction { c in
            try await c.query("""
                INSERT INTO foundry_tag_limits (tag, doc) VALUES (\(limit.tag), \(doc)::jsonb)
                ON CONFLICT (tag) DO UPDATE SET doc = EXCLUDED.doc, updated_at = now()
                """, logger: PostgresSession.logger)
            try await Self.bump(c, name: "tag:" + limit.tag)
        }
    }

    public func removeTagLimit(_ tag: String) async throws {
        try await session.transaction { c in
            let rows = try await c.query("DELETE FROM foundry_tag_limits WHERE tag = \(tag) RETURNING tag", logger: PostgresSession.logger)
            var found = false
            for try await _ in rows { found = true }
            guard found else { throw Self.unknownTag(tag) }
            try await Self.bump(c, name: "tag:" + tag)
        }
    }

    public func keysVersion() async throws -> Int64 {
        try await session.run { c in
            let rows = try await c.query("SELECT version FROM foundry_keys_version WHERE id = 1", logger: PostgresSession.logger)
            for try await version in rows.decode(Int64.self) { return version }
            return 0
        }
    }

    public func close() async {
        await session.close()
        await bulk.close()
    }

    /// Calls `observer` with the time of every store operation and whether it failed (metrics).
    public func observe(_ observer: @escaping @Sendable (_ seconds: Double, _ failed: Bool) -> Void) async {
        await session.observe(observer)
        await bulk.observe(observer)
    }

    private static func bump(_ c: PostgresConnection, name: String) async throws {
        try await c.query("UPDATE foundry_keys_version SET version = version + 1 WHERE id = 1", logger: PostgresSession.logger)
        try await c.query("SELECT pg_notify(\(keysChannel), \(name))", logger: PostgresSession.logger)
    }

    private static func decode(_ doc: String) throws -> VirtualKey { try decode(VirtualKey.self, doc, what: "key") }

    private static func decode<T: Decodable>(_ type: T.Type, _ doc: String, what: String) throws -> T {
        do { return try GatewayJSON.decode(T.self, doc) } catch {
            throw GatewayError.store("a \(what) record in the store is malformed: \(JSONCoding.describe(error))")
        }
    }
}
