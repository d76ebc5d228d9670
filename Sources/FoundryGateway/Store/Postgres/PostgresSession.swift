import FoundryCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to PostgreSQL, opened on first use and opened again after it breaks. An
/// operation on a broken connection fails at once (it does not wait for the server to return):
/// the gateway decides what a failure means (closed or open mode) and retries in the background.
package actor PostgresSession {
    package let location: StoreURL.PostgresLocation
    private var connection: PostgresConnection?
    private var connecting: Task<PostgresConnection, any Error>?
    private var nextID = 0
    static let logger = Logger(label: "foundry.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    package init(_ location: StoreURL.PostgresLocation) {
        self.location = location
    }

    deinit {
        // A store dropped without close(): close its connection rather than leak it.
        let closing: EventLoopFuture<Void>? = connection?.close()
        _ = closing
    }

    package var configuration: PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        case .require: tls = (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
        var c = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                 password: location.password, database: location.database, tls: tls)
        c.options.connectTimeout = .seconds(3)
        return c
    }

    /// The open connection, connecting when there is none.
    package func open() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        if let connecting { return try await connecting.value }
        nextID += 1
        let id = nextID, configuration = self.configuration, location = self.location
        let task = Task { () throws -> PostgresConnection in
            do {
                return try await PostgresConnection.connect(configuration: configuration, id: id, logger: Self.logger)
            } catch {
                throw PostgresErrors.describe(error, at: location)
            }
        }
        connecting = task
        defer { connecting = nil }
        let opened = try await task.value
        connection = opened
        return opened
    }

    /// One operation at a time on the connection: an actor lets calls interleave at every
    /// `await`, which would mix two transactions on one session.
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    private func acquire() async {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }

    /// Runs `body` on the connection, alone; errors become one line naming the server.
    package func run<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        let started = ContinuousClock.now
        do {
            let connection = try await open()
            do {
                let result = try await body(connection)
                observer?((ContinuousClock.now - started).millisecondsDouble / 1000, false)
                return result
            } catch {
                if connection.isClosed { self.connection = nil }
                throw error
            }
        } catch {
            observer?((ContinuousClock.now - started).millisecondsDouble / 1000, true)
            throw PostgresErrors.describe(error, at: location)
        }
    }

    /// Told the time of every operation (connecting included) and whether it failed.
    private var observer: (@Sendable (_ seconds: Double, _ failed: Bool) -> Void)?

    package func observe(_ observer: @escaping @Sendable (_ seconds: Double, _ failed: Bool) -> Void) { self.observer = observer }

    /// Runs `body` in a transaction.
    package func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await run { connection in
            try await connection.query("BEGIN", logger: Self.logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: Self.logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: Self.logger)
                throw error
            }
        }
    }

    package func close() async {
        observer = nil
        connecting?.cancel()
        if let connection { try? await connection.close() }
        connection = nil
    }
}
