import Foundation
import FoundryGateway
import FoundryTestSupport
import Testing

/// The PostgreSQL store against a real server: a cluster of this suite's own, on loopback.
@Suite("the PostgreSQL store", .serialized)
struct PostgresStoreTests {
    static let cluster: Result<PostgresCluster, any Error> = Result { try PostgresCluster() }

    /// The cluster, or nil (and a recorded issue when CI requires it) when PostgreSQL is missing.
    static func server() throws -> PostgresCluster? {
        switch cluster {
        case .success(let c): return c
        case .failure(let error):
            if TestEnvironment.peersRequired || PostgresCluster.unavailable == nil { throw error }
            return nil
        }
    }

    static func store(_ c: PostgresCluster, database: String? = nil, password: String? = nil) throws -> any GatewayStore {
        try GatewayStores.open(c.url(database: database ?? c.createDatabase(), password: password), paths: .init())
    }

    @Test func migratesAnEmptyDatabaseOnceAndKeepsKeys() async throws {
        guard let c = try Self.server() else { return }
        let database = try c.createDatabase()
        let store = try Self.store(c, database: database)
        #expect(try await store.migrate() == [1, 2, 3, 4, 5, 6, 7])
        #expect(try await store.migrate() == [])
        #expect(try c.psql("SELECT version, summary FROM foundry_schema ORDER BY version", database: database)
                == "1|virtual keys\n2|budget shares\n3|usage of every instance\n4|shared cooldowns\n5|rate limit leases\n6|tag limits\n7|fleet latency samples and decisions")
        let (secret, key) = try await KeyAdministration.create(KeySpec(name: "ci", budget: "10/day", rpm: 60, models: ["openai/*"]), in: store)
        #expect(try await store.keys() == [key])
        // Only the hash is stored.
        let dump = try c.psql("SELECT doc::text, hash FROM foundry_keys", database: database)
        #expect(!dump.contains(secret) && dump.contains(KeySecret.hash(secret)))
        let v = try await store.keysVersion()
        _ = try await KeyAdministration.revoke("ci", in: store)
        #expect(try await store.keysVersion() == v + 1)
        #expect(try await store.key(named: "ci").revokedAt != nil)
        // A second process's view: a new connection sees the same.
        let other = try Self.store(c, database: database)
        #expect(try await other.key(named: "ci").revokedAt != nil)
        // Tag limits: set, replaced, listed by another connection, removed; each bumps the version.
        let team = TagLimit(tag: "team=search", budget: try BudgetLimit(parsing: "100/month"), rpm: 600, updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
        try await store.setTagLimit(team)
        var changed = team
        changed.rpm = 900
        try await store.setTagLimit(changed)
        #expect(try await other.tagLimits() == [changed])
        #expect(try await store.keysVersion() == v + 3)
        try await store.removeTagLimit("team=search")
        #expect(try await other.tagLimits().isEmpty)
        await #expect { try await store.removeTagLimit("team=search") } throws: { "\($0)".contains("the tag team=search has no limits") }
        await other.close()
        await store.close()
    }

    @Test func refusesUnmigratedAndNewerSchemas() async throws {
        guard let c = try Self.server() else { return }
        let database = try c.createDatabase()
        let store = try #require(try Self.store(c, database: database) as? PostgresGatewayStore)
        await #expect { try await store.checkSchema() } throws: { "\($0)".contains("schema version 0; this foundry needs 7") }
        _ = try await store.migrate()
        try await store.checkSchema()
        try c.psql("INSERT INTO foundry_schema (version, summary) VALUES (99, 'from the future')", database: database)
        await #expect { _ = try await store.migrate() } throws: { "\($0)".contains("schema version 99, newer than this foundry knows") }
        await #expect { try await store.checkSchema() } throws: { "\($0)".contains("newer") }
        #expect(try c.psql("SELECT count(*) FROM foundry_schema", database: database) == "8")
        await store.close()
    }

    @Test func migratesFromThePreviousReleaseKeepingItsData() async throws {
        guard let c = try Self.server() else { return }
        let database = try c.createDatabase()
        let store = try #require(try Self.store(c, database: database) as? PostgresGatewayStore)
        #expect(try await store.migrate(upTo: 4) == [1, 2, 3, 4])
        let (_, key) = try await KeyAdministration.create(KeySpec(name: "before", tags: ["team": "a"]), in: store)
        #expect(try await store.migrate() == [5, 6, 7])
        #expect(try await store.keys() == [key])
        #expect(try await store.tagLimits().isEmpty)
        await store.close()
    }

    @Test func migratesFromThePreviousVersionKeepingItsData() async throws {
        guard let c = try Self.server() else { return }
        let database = try c.createDatabase()
        let store = try #require(try Self.store(c, database: database) as? PostgresGatewayStore)
        #expect(try await store.migrate(upTo: 1) == [1])
        let (_, key) = try await KeyAdministration.create(KeySpec(name: "before", budget: "3/week"), in: store)
        await #expect { try await store.checkSchema() } throws: { "\($0)".contains("schema version 1; this foundry needs 7") }
        #expect(try await store.migrate() == [2, 3, 4, 5, 6, 7])
        try await store.checkSchema()
        #expect(try await store.keys() == [key])
        #expect(try c.psql("SELECT count(*) FROM foundry_budget_shares", database: database) == "0")
        await store.close()
    }

    @Test func connectionFailuresAreOneLineWithoutThePassword() async throws {
        guard let c = try Self.server() else { return }
        let wrong = try Self.store(c, database: "foundry", password: "not-the-password-xyz")
        await #expect { _ = try await wrong.keys() } throws: { error in
            let text = "\(error)"
            return text.contains("refused user 'foundry'") && !text.contains("not-the-password-xyz") && !text.contains("\n")
        }
        let missing = try Self.store(c, database: "no_such_db")
        await #expect { _ = try await missing.keys() } throws: { "\($0)".contains("database 'no_such_db' does not exist") }
        let port = ReferencePeers.freePort()
        let unreachable = try GatewayStores.open("postgres://foundry:pw@127.0.0.1:\(port)/foundry?sslmode=disable", paths: .init())
        await #expect { _ = try await unreachable.keys() } throws: { "\($0)".contains("cannot reach PostgreSQL at 127.0.0.1:\(port)") }
        let unmigrated = try Self.store(c)
        await #expect { _ = try await unmigrated.keys() } throws: { "\($0)".contains("foundry store migrate") }
        for store in [wrong, missing, unreachable, unmigrated] { await store.close() }
    }
}
