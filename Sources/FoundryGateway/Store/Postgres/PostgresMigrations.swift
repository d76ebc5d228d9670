import PostgresNIO

/// The store's schema, as numbered migrations. A migration, once released, never changes:
/// a new schema is a new number. `foundry store migrate` applies the missing ones in order, in
/// one transaction, under an advisory lock so that instances migrating at once take turns.
package enum PostgresMigrations {
    package struct Migration: Sendable {
        package let version: Int
        package let summary: String
        package let statements: [String]
    }

    package static let all: [Migration] = [
        Migration(version: 1, summary: "virtual keys", statements: [
            """
            CREATE TABLE foundry_keys (
                name text PRIMARY KEY,
                hash text NOT NULL UNIQUE,
                doc jsonb NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE TABLE foundry_keys_version (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)",
            "INSERT INTO foundry_keys_version VALUES (1, 0)",
        ]),
        Migration(version: 2, summary: "budget shares", statements: [
            """
            CREATE TABLE foundry_budget_shares (
                scope text NOT NULL,
                period timestamptz NOT NULL,
                instance text NOT NULL,
                granted double precision NOT NULL DEFAULT 0,
                used double precision NOT NULL DEFAULT 0,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (scope, period, instance))
            """,
        ]),
        Migration(version: 3, summary: "usage of every instance", statements: [
            """
            CREATE TABLE foundry_usage (
                id text PRIMARY KEY,
                time timestamptz NOT NULL,
                key text,
                model text NOT NULL,
                cost_usd double precision,
                instance text NOT NULL,
                record jsonb NOT NULL)
            """,
            "CREATE INDEX foundry_usage_time ON foundry_usage (time)",
        ]),
        Migration(version: 4, summary: "shared cooldowns", statements: [
            """
            CREATE TABLE foundry_cooldowns (
                model text PRIMARY KEY,
                until timestamptz NOT NULL,
                started_by text NOT NULL)
            """,
        ]),
        Migration(version: 5, summary: "rate limit leases", statements: [
            """
            CREATE TABLE foundry_rate_leases (
                id bigserial PRIMARY KEY,
                scope text NOT NULL,
                instance text NOT NULL,
                granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                amount double precision NOT NULL)
            """,
            "CREATE INDEX foundry_rate_leases_scope ON foundry_rate_leases (scope, granted_at)",
        ]),
        Migration(version: 6, summary: "tag limits", statements: [
            """
            CREATE TABLE foundry_tag_limits (
                tag text PRIMARY KEY,
                doc jsonb NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
        ]),
        Migration(version: 7, summary: "fleet latency samples and decisions", statements: [
            """
            CREATE TABLE foundry_latency (
                id bigserial PRIMARY KEY,
                model text NOT NULL,
                ttft_ms double precision,
                total_ms double precision NOT NULL,
                instance text NOT NULL,
                time timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX foundry_latency_model ON foundry_latency (model, id)",
            """
            CREATE TABLE foundry_decisions (
                id text PRIMARY KEY,
                time timestamptz NOT NULL,
                key text,
                chosen text,
                instance text NOT NULL,
                record jsonb NOT NULL)
            """,
            "CREATE INDEX foundry_decisions_time ON foundry_decisions (time)",
        ]),
    ]

    package static var latest: Int { all.last?.version ?? 0 }

    /// Held during a migration (any constant the application owns).
    static let lock: Int64 = 0x666f_756e_6472_79

    static let schemaTable = """
        CREATE TABLE IF NOT EXISTS foundry_schema (
            version integer PRIMARY KEY,
            summary text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())
        """

    /// The version a database is at (0: empty).
    static func current(_ connection: PostgresConnection) async throws -> Int {
        let exists = try await connection.query("SELECT to_regclass('foundry_schema') IS NOT NULL", logger: PostgresSession.logger)
        for try await present in exists.decode(Bool.self) where !present { return 0 }
        let rows = try await connection.query("SELECT coalesce(max(version), 0) FROM foundry_schema", logger: PostgresSession.logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }

    /// Applies what is missing; returns the versions applied.
    static func apply(_ connection: PostgresConnection, location: String, upTo target: Int = latest) async throws -> [Int] {
        try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: PostgresSession.logger)
        try await connection.query(PostgresQuery(unsafeSQL: schemaTable), logger: PostgresSession.logger)
        let current = try await current(connection)
        if current > latest { throw newer(current, location: location) }
        var applied: [Int] = []
        for migration in all where migration.version > current && migration.version <= target {
            for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: PostgresSession.logger)
            }
            try await connection.query("INSERT INTO foundry_schema (version, summary) VALUES (\(migration.version), \(migration.summary))",
                                       logger: PostgresSession.logger)
            applied.append(migration.version)
        }
        return applied
    }

    /// Refuses a database this foundry cannot use: older (not migrated) or newer (a later foundry).
    static func check(_ connection: PostgresConnection, location: String) async throws {
        let current = try await current(connection)
        if current > latest { throw newer(current, location: location) }
        if current < latest {
            throw GatewayError.store("the store at \(location) has schema version \(current); this foundry needs \(latest)",
                                     hint: "foundry store migrate --store URL")
        }
    }

    static func newer(_ version: Int, location: String) -> any Error {
        GatewayError.store("the store at \(location) has schema version \(version), newer than this foundry knows (\(latest))",
                           hint: "upgrade foundry on this machine; a newer foundry migrated the store")
    }
}
