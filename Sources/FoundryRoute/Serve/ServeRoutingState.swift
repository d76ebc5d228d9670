import Foundation
import FoundryCore
import Synchronization
import FoundryCatalog
import FoundryRouting

/// The state directory as `route serve` sees it: latency statistics and cooldowns read at most
/// once a second (not once per request), and latency samples buffered in memory and written
/// every second, so concurrent requests do not queue on file locks.
final class ServeRoutingState: Sendable {
    private struct Cache {
        var latency = LatencyStats.Document()
        var cooldowns: [String: Date] = [:]
        var loaded: ContinuousClock.Instant?
        var refreshing = false
        var pending: [(String, Double?, Double)] = []
    }

    private let cache = Mutex(Cache())
    private let stats: LatencyStats
    private let cooldowns: Cooldowns
    static let refresh: Duration = .seconds(1)

    init(paths: FoundryPaths) {
        stats = LatencyStats(paths: paths)
        cooldowns = Cooldowns(paths: paths)
    }

    /// The latest snapshot, reloaded from disk when older than a second. One request reloads;
    /// requests arriving meanwhile use the previous snapshot instead of reloading too.
    func snapshot() -> (latency: LatencyStats.Document, cooldowns: [String: Date]) {
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
        cache.withLock { $0.pending.append((model, ttftMs, totalMs)) }
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
