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
    }

    func started() { inFlight.increment() }

    func finished(model: String, status: ServeState.Status, caller: DecisionCaller?, decisionMicroseconds: Double?, ttftMs: Double?) {
        inFlight.decrement()
        CoreMetrics.Counter(label: "foundry_route_requests_total", dimensions: [("model", model), ("status", status.rawValue)], factory: factory).increment()
        if let caller {
            CoreMetrics.Counter(label: "foundry_route_key_requests_total", dimensions: [("key", caller.key), ("status", status.rawValue)], factory: factory).increment()
            for tag in tags(caller) {
                CoreMetrics.Counter(label: "foundry_route_tag_requests_total", dimensions: [("tag", tag), ("status", status.rawValue)], factory: factory).increment()
            }
        }
        if let d = decisionMicroseconds {
            CoreMetrics.Timer(label: "foundry_route_decision_seconds", factory: factory).recordNanoseconds(Int64(d * 1000))
        }
        if let t = ttftMs { CoreMetrics.Timer(label: "foundry_route_ttft_seconds", factory: factory).recordNanoseconds(Int64(t * 1e6)) }
    }

    /// What a caller's answered request cost.
    func spent(_ caller: DecisionCaller?, usd: Double) {
        guard let caller, usd > 0 else { return }
        CoreMetrics.FloatingPointCounter(label: "foundry_route_key_spend_usd_total", dimensions: [("key", caller.key)], factory: factory).increment(by: usd)
        for tag in tags(caller) {
            CoreMetrics.FloatingPointCounter(label: "foundry_route_tag_spend_usd_total", dimensions: [("tag", tag)], factory: factory).increment(by: usd)
        }
    }

    /// A request refused before any model was called, by its error code.
    func refused(_ reason: String) {
        CoreMetrics.Counter(label: "foundry_route_refusals_total", dimensions: [("reason", reason)], factory: factory).increment()
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
