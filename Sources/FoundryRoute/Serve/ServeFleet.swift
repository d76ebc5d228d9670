import Foundation
import FoundryCatalog
import FoundryCore
import FoundryGateway
import FoundryRouting
import Synchronization

/// What an instance shares with the others on a PostgreSQL store, kept off the request path by
/// background loops: cooldowns (every 250 ms), budget shares, rate leases, usage and decision
/// records (every 500 ms), and latency samples (every second). Without PostgreSQL it is empty
/// and does nothing.
final class ServeFleet: Sendable {
    let instance = "i-" + RandomUUID.make().prefix(13)
    let store: PostgresGatewayStore?
    let ledger: PostgresBudgetLedger?
    let usageLog: PostgresBatchLog<UsageRecord>?
    let decisionLog: PostgresBatchLog<String>?
    private let cooldowns: PostgresCooldowns?
    private let latency: PostgresLatency?
    private let tasks = TaskList()

    init(store: any GatewayStore) {
        let postgres = store as? PostgresGatewayStore
        self.store = postgres
        let instance = self.instance
        ledger = postgres.map { PostgresBudgetLedger(store: $0, instance: instance) }
        usageLog = postgres.map { PostgresUsageLog.make(store: $0, instance: instance) }
        decisionLog = postgres.map { PostgresDecisionLog.make(store: $0, instance: instance) }
        cooldowns = postgres.map { PostgresCooldowns(store: $0, instance: instance) }
        latency = postgres.map { PostgresLatency(store: $0, instance: instance, window: LatencyStats.window) }
    }

    var shared: Bool { store != nil }

    /// Starts the loops that share cooldowns and latency samples (`routing`) and report limits.
    func start(routing: ServeRoutingState, limiter: KeyLimiter) {
        if let cooldowns {
            tasks.every(.milliseconds(250)) {
                let started = routing.unpublished()
                if (try? await cooldowns.publish(started)) == nil, !started.isEmpty { routing.forget(started) }
                if let active = try? await cooldowns.active() { routing.share(active) }
            }
        }
        if let latency {
            tasks.every(.seconds(1)) {
                let samples = routing.unpublishedSamples().map { PostgresLatency.Sample(model: $0.model, ttftMs: $0.ttftMs, totalMs: $0.totalMs) }
                try? await latency.publish(samples)
                if let recent = try? await latency.recent() {
                    routing.shareLatency(recent.mapValues { LatencyStats.Samples(ttftMs: $0.ttftMs, totalMs: $0.totalMs) })
                }
            }
        }
        let (usageLog, decisionLog) = (self.usageLog, self.decisionLog)
        tasks.every(.milliseconds(500)) {
            try? await limiter.reportShares()
            try? await usageLog?.flush()
            try? await decisionLog?.flush()
        }
    }

    /// Stops the loops, gives back unused shares and leases, and writes what is queued; returns
    /// how many records could not reach the store (they are in this machine's logs).
    func finish(limiter: KeyLimiter) async -> Int {
        tasks.cancel()
        try? await limiter.reportShares(now: Date().addingTimeInterval(2))
        var left = 0
        if let usageLog, (try? await usageLog.flush()) == nil { left += usageLog.pending }
        if let decisionLog, (try? await decisionLog.flush()) == nil { left += decisionLog.pending }
        return left
    }

    /// A decision another instance made (or this one, before its memory dropped it).
    func decision(_ id: String) async -> Decision? {
        guard let store, let json = try? await PostgresDecisionLog.find(store, id: id) else { return nil }
        return try? JSONDecoder().decode(Decision.self, from: Data(json.utf8))
    }
}

/// Background loops, cancelled together.
final class TaskList: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    func every(_ interval: Duration, _ body: @escaping @Sendable () async -> Void) {
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await body()
            }
        }
        tasks.withLock { $0.append(task) }
    }

    func cancel() { tasks.withLock { $0.forEach { $0.cancel() } } }
}
