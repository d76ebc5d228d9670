import Foundation
import Synchronization

/// Keeps a `KeyRing` equal to the store's keys: it asks the store for its keys' version every
/// `interval` (a one-row read) and reloads the keys when it changed, so a key created, revoked
/// or rotated on any instance takes effect on this one within `interval` plus one reload.
/// When the store cannot be read the ring keeps the last keys it had.
public final class KeyRingRefresher: Sendable {
    public let ring: KeyRing
    private let store: any GatewayStore
    private let interval: Duration
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let failure = Mutex<String?>(nil)

    public init(store: any GatewayStore, ring: KeyRing, interval: Duration = .milliseconds(250)) {
        self.store = store
        self.ring = ring
        self.interval = interval
    }

    /// Loads the keys now (errors are the caller's: a server should not start without them).
    public func load() async throws {
        let version = try await store.keysVersion()
        ring.replace(try await store.keys(), tagLimits: try await store.tagLimits(), version: version)
    }

    public func start() {
        let work = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    let version = try await store.keysVersion()
                    if version != ring.version { ring.replace(try await store.keys(), tagLimits: try await store.tagLimits(), version: version) }
                    failure.withLock { $0 = nil }
                } catch {
                    failure.withLock { $0 = "\(error)" }
                }
            }
        }
        task.withLock { $0 = work }
    }

    /// The last refresh's error, when it failed.
    public var lastFailure: String? { failure.withLock { $0 } }

    public func stop() { task.withLock { $0?.cancel() } }
}
