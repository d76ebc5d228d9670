import Foundation
import FoundryRouting
import CoreMetrics
import Prometheus
import Synchronization

/// `route serve`'s /metrics: swift-metrics instruments reported by swift-prometheus, one
/// registry per server (no process-wide bootstrap, so servers in one process keep apart).
///
/// - `foundry_route_requests_total{model,status}`, `foundry_route_in_flight`
/// - `foundry_route_decision_seconds`, `foundry_route_ttft_seconds` (histograms)
/// - `foundry_route_key_requests_total{key,status}`, `foundry_route_key_spend_usd_total{key}`
/// - `foundry_route_tag_requests_total{tag,status}`, `foundry_route_tag_spend_usd_total{tag}`
/// - `foundry_route_refusals_total{reason}`: 400/401/403/429/503 before any model is called
/// - `foundry_route_store_seconds` (histogram), `foundry_route_store_errors_total`,
///   `foundry_route_store_up{on_failure}`, `foundry_route_local_state_only`
///
/// Keys appear by name only; tags as `k=v`.
final class ServeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let inFlight: CoreMetrics.Meter
    private let storeSeconds: CoreMetrics.Timer
    private let storeErrors: CoreMetrics.Counter
    /// Tag values seen as labels; past `maxTags` (tags a request adds itself can be anything)
    /// the rest are counted as `other`.
    private let seenTags = Mutex<Set<String>>([])
    static let maxTags = 500
    /// Counters made once per label set (making one looks it up in the registry under a lock).
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let spendCounters = Mutex<[String: CoreMetrics.FloatingPointCounter]>([:])
    private let decisionSeconds: CoreMetrics.Timer
    private let ttftSeconds: CoreMetrics.Timer

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let fine: [Duration] = [.microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50)]
        factory.durationHistogramBuckets = [
            "foundry_route_decision_seconds": fine,
            "foundry_route_store_seconds": Array(fine.dropFirst(3)) + [.milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)],
        ]
        self.factory = factory
        inFlight = CoreMetrics.Meter(label: "foundry_route_in_flight", factory: factory)
        storeSeconds = CoreMetrics.Timer(label: "foundry_route_store_seconds", factory: factory)
        storeErrors = CoreMetrics.Counter(label: "foundry_route_store_errors_total", factory: factory)
        decisionSeconds = CoreMetrics.Timer(label: "foundry_route_decision_seconds", factory: factory)
        ttftSeconds = CoreMetrics.Timer(label: "foundry_route_ttft_seconds", factory: factory)
    }

    /// The instrument for `label` and `dimensions` from `cache`, made the first time.
    private static func instrument<T: Sendable>(_ cache: borrowing Mutex<[String: T]>, _ label: String, _ dimensions: [(String, String)],
                                                make: (String, [(String, String)]) -> T) -> T {
        let id = label + dimensions.map { "\u{1}\($0.0)=\($0.1)" }.joined()
        return cache.withLock { c in
            if let made = c[id] { return made }
            let made = make(label, dimensions)
            c[id] = made
            return made
        }
    }

    private func count(_ label: String, _ dimensions: [(String, String)]) {
        Self.instrument(counters, label, dimensions) { CoreMetrics.Counter(label: $0, dimensions: $1, factory: factory) }.increment()
    }

    private func add(_ label: String, _ dimensions: [(String, String)], _ amount: Double) {
        Self.instrument(spendCounters, label, dimensions) { CoreMetrics.FloatingPointCounter(label: $0, dimensions: $1, factory: factory) }
            .increment(by: amount)
    }

    func started() { inFlight.increment() }

    func finished(model: String, status: ServeState.Status, caller: DecisionCaller?, decisionMicroseconds: Double?, ttftMs: Double?) {
        inFlight.decrement()
        count("foundry_route_requests_total", [("model", model), ("status", status.rawValue)])
        if let caller {
            count("foundry_route_key_requests_total", [("key", caller.key), ("status", status.rawValue)])
            for tag in tags(caller) { count("foundry_route_tag_requests_total", [("tag", tag), ("status", status.rawValue)]) }
        }
        if let d = decisionMicroseconds { decisionSeconds.recordNanoseconds(Int64(d * 1000)) }
        if let t = ttftMs { ttftSeconds.recordNanoseconds(Int64(t * 1e6)) }
    }

    /// What a caller's answered request cost.
    func spent(_ caller: DecisionCaller?, usd: Double) {
        guard let caller, usd > 0 else { return }
        add("foundry_route_key_spend_usd_total", [("key", caller.key)], usd)
        for tag in tags(caller) { add("foundry_route_tag_spend_usd_total", [("tag", tag)], usd) }
    }

    /// A request refused before any model was called, by its error code.
    func refused(_ reason: String) {
        count("foundry_route_refusals_total", [("reason", reason)])
    }

    func store(seconds: Double, failed: Bool) {
        storeSeconds.recordNanoseconds(Int64(seconds * 1e9))
        if failed { storeErrors.increment() }
    }

    /// The exposition text, with the store's state read now.
    func text(storeUp: Bool, onFailure: StoreFailureMode) -> String {
        CoreMetrics.Gauge(label: "foundry_route_store_up", dimensions: [("on_failure", onFailure.rawValue)], factory: factory).record(storeUp ? 1 : 0)
        CoreMetrics.Gauge(label: "foundry_route_local_state_only", factory: factory).record(!storeUp && onFailure == .open ? 1 : 0)
        return registry.emitToString()
    }

    private func tags(_ caller: DecisionCaller) -> [String] {
        let tags = caller.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return seenTags.withLock { seen in
            tags.map { tag in
                if seen.contains(tag) { return tag }
                guard seen.count < Self.maxTags else { return "other" }
                seen.insert(tag)
                return tag
            }
        }
    }
}
