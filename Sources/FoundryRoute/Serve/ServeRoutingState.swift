import Foundation
import FoundryCore
import Synchronization
import FoundryCatalog
import FoundryRouting

/// The state directory as `route serve` sees it: latency statistics and cooldowns read at most
/// once a second (not once per request), and latency samples buffered in memory and written
/// every second, so concurrent requests do not queue on file locks. With a shared store, the
/// fleet's cooldowns and latency samples join this machine's.
final class ServeRoutingState: Sendable {
    private struct Cache {
        var latency = LatencyStats.Document()
        var cooldowns: [String: Date] = [:]
        var loaded: ContinuousClock.Instant?
        var refreshing = false
        var pending: [(String, Double?, Double)] = []
        /// Cooldowns other instances on the shared store started (`share(_:)`).
        var shared: [String: Date] = [:]
        /// Local cooldowns already published to the shared store.
        var published: [String: Date] = [:]
        /// Samples not yet published to the shared store (with `sharesLatency`).
        var outgoing: [(String, Double?, Double)] = []
        /// The fleet's recent samples per model, from the shared store.
        var fleet: [String: LatencyStats.Samples] = [:]
    }

    private let cache = Mutex(Cache())
    private let stats: LatencyStats
    private let cooldowns: Cooldowns
    static let refresh: Duration = .seconds(1)
    /// Whether samples are published to a shared store (PostgreSQL).
    let sharesLatency: Bool
    /// Samples waiting to be published, at most (a store away for long drops the oldest).
    static let outgoingLimit = 10_000

    init(paths: FoundryPaths, sharesLatency: Bool = false) {
        stats = LatencyStats(paths: paths)
        cooldowns = Cooldowns(paths: paths)
        self.sharesLatency = sharesLatency
    }

    /// The latest snapshot, reloaded from disk when older than a second. One request reloads;
    /// requests arriving meanwhile use the previous snapshot instead of reloading too. The shared
    /// store's cooldowns join at once (they are in memory).
    func snapshot() -> (latency: LatencyStats.Document, cooldowns: [String: Date]) {
        var local = fileSnapshot()
        let (shared, fleet) = cache.withLock { ($0.shared, $0.fleet) }
        // The fleet's samples of a model replace this machine's: they include them.
        for (model, samples) in fleet { local.latency.models[model] = samples }
        guard !shared.isEmpty else { return local }
        return (local.latency, local.cooldowns.merging(shared) { max($0, $1) })
    }

    /// Samples measured here since the last call, for the shared store.
    func unpublishedSamples() -> [(model: String, ttftMs: Double?, totalMs: Double)] {
        cache.withLock { c in
            defer { c.outgoing.removeAll() }
            return c.outgoing.map { ($0.0, $0.1, $0.2) }
        }
    }

    /// The fleet's recent samples, read from the shared store.
    func shareLatency(_ fleet: [String: LatencyStats.Samples]) { cache.withLock { $0.fleet = fleet } }

    /// Cooldowns started here and not yet published, and the fleet's active ones arriving.
    func unpublished() -> [String: Date] {
        let active = cooldowns.active()
        return cache.withLock { c in
            let fresh = active.filter { entry in c.published[entry.key].map { $0 < entry.value } ?? true }
            c.published.merge(fresh) { max($0, $1) }
            return fresh
        }
    }

    /// Publishing failed: try these again next time.
    func forget(_ cooldowns: [String: Date]) {
        cache.withLock { c in for model in cooldowns.keys { c.published[model] = nil } }
    }

    func share(_ fleet: [String: Date]) { cache.withLock { $0.shared = fleet } }

    private func fileSnapshot() -> (latency: LatencyStats.Document, cooldowns: [String: Date]) {
        let now = ContinuousClock.now
        if let current = cache.withLock({ c -> (LatencyStats.Document, [String: Date])? in
            if let loaded = c.loaded, now - loaded < Self.refresh || c.refreshing { return (c.latency, c.cooldowns) }
            c.refreshing = true
            return nil
        }) { return current }
        flush()
        let latency = stats.load(), active = cooldowns.active()
        cache.withLock { c in
            c.latency = latency
            c.cooldowns = active
            c.loaded = now
            c.refreshing = false
        }
        return (latency, active)
    }

    /// Buffers a sample; it reaches the file with the next flush.
    func record(model: String, ttftMs: Double?, totalMs: Double) {
        let sharing = sharesLatency
        cache.withLock { c in
            c.pending.append((model, ttftMs, totalMs))
            if sharing {
                if c.outgoing.count >= Self.outgoingLimit { c.outgoing.removeFirst(c.outgoing.count / 2) }
                c.outgoing.append((model, ttftMs, totalMs))
            }
        }
    }

    /// Writes buffered samples (one locked update for all of them).
    func flush() {
        let pending = cache.withLock { c -> [(String, Double?, Double)] in
            defer { c.pending.removeAll() }
            return c.pending
        }
        guard !pending.isEmpty else { return }
        try? stats.record(pending.map { (model: $0.0, ttftMs: $0.1, totalMs: $0.2) })
    }
}
