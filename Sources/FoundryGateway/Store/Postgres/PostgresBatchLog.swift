import Foundation
import PostgresNIO
import Synchronization

/// Records of every instance written to PostgreSQL in batches, off the request path: appending
/// queues in memory; `flush` writes the queue in one transaction. A batch that fails stays
/// queued (in order) and is written when the store is back — record ids make a retry harmless —
/// so an outage loses nothing.
public final class PostgresBatchLog<Record: Sendable>: Sendable {
    let session: PostgresSession
    let instance: String
    private let queue = Mutex<[Record]>([])
    private let write: @Sendable (PostgresConnection, [Record], String) async throws -> Void

    init(store: PostgresGatewayStore, instance: String, write: @escaping @Sendable (PostgresConnection, [Record], String) async throws -> Void) {
        session = store.bulk
        self.instance = instance
        self.write = write
    }

    public func append(_ record: Record) { queue.withLock { $0.append(record) } }

    public var pending: Int { queue.withLock { $0.count } }

    /// Writes what is queued; on failure the records stay queued and the error is thrown.
    public func flush() async throws {
        let batch = queue.withLock { q -> [Record] in
            defer { q.removeAll() }
            return q
        }
        guard !batch.isEmpty else { return }
        let (instance, write) = (self.instance, self.write)
        do {
            try await session.transaction { c in try await write(c, batch, instance) }
        } catch {
            queue.withLock { $0.insert(contentsOf: batch, at: 0) }
            throw error
        }
    }
}
