import Foundation
import FoundryCatalog
import FoundryCore
import FoundryGateway
import FoundryRouting

/// `route --store postgres://…`: one prompt routed with the fleet's state. The decision sees the
/// fleet's latency samples and cooldowns as well as this machine's; the decision, its usage, its
/// latency sample and any cooldown it started go to the store as well as to this machine's logs,
/// so `cost report --store` counts it. A store that cannot be reached is said once and the
/// prompt is routed from this machine's state alone (its records stay in the local logs).
struct RouteStoreLink {
    let store: PostgresGatewayStore
    let instance = "route-" + RandomUUID.make().prefix(8)

    /// The PostgreSQL store `--store` (or $FOUNDRY_STORE) names; nil for the file store.
    static func open(_ options: StoreOptions, context: Context) async throws -> RouteStoreLink? {
        guard let postgres = try options.open(context) as? PostgresGatewayStore else { return nil }
        do {
            try await postgres.checkSchema()
        } catch {
            await postgres.close()
            context.output.warning("\(error); routing from this machine's state alone")
            return nil
        }
        return RouteStoreLink(store: postgres)
    }

    /// This machine's latency statistics and cooldowns, joined by the fleet's.
    func snapshot(paths: FoundryPaths) async -> (latency: LatencyStats.Document, cooldowns: [String: Date]) {
        var latency = LatencyStats(paths: paths).load()
        var cooldowns = Cooldowns(paths: paths).active()
        let fleetLatency = PostgresLatency(store: store, instance: instance, window: LatencyStats.window)
        if let recent = try? await fleetLatency.recent() {
            for (model, samples) in recent { latency.models[model] = LatencyStats.Samples(ttftMs: samples.ttftMs, totalMs: samples.totalMs) }
        }
        if let active = try? await PostgresCooldowns(store: store, instance: instance).active() { cooldowns.merge(active) { max($0, $1) } }
        return (latency, cooldowns)
    }

    /// Writes the decision (and its usage and latency, when a model answered) to the store.
    func record(_ decision: Decision, usage: UsageRecord?, paths: FoundryPaths, output: Output) async {
        let decisions = PostgresDecisionLog.make(store: store, instance: instance)
        decisions.append(JSONCoding.string(decision))
        let usageLog = PostgresUsageLog.make(store: store, instance: instance)
        if let usage { usageLog.append(usage) }
        do {
            try await decisions.flush()
            try await usageLog.flush()
            if let usage, let total = usage.totalMilliseconds {
                try await PostgresLatency(store: store, instance: instance, window: LatencyStats.window)
                    .publish([PostgresLatency.Sample(model: usage.modelID, ttftMs: usage.ttftMilliseconds, totalMs: total)])
            }
            try await PostgresCooldowns(store: store, instance: instance).publish(Cooldowns(paths: paths).active())
        } catch {
            output.warning("the decision could not reach \(store.location) (\(error)); it is in this machine's logs")
        }
    }

    func close() async { await store.close() }
}
