import Foundation
import FoundryCore
import Synchronization
import FoundryCatalog
import FoundryRouting

/// What the server remembers: recent decisions (for GET /v1/decisions/{id}) and counters for
/// /metrics (Prometheus text format).
final class ServeState: Sendable {
    /// How a request ended, as the `status` label of foundry_route_requests_total.
    enum Status: String {
        /// "ok": the answer was delivered whole.
        case ok
        /// "failed": no model answered.
        case failed
        /// "cut": the answer had started and was cut short.
        case cut
        /// "bad_request": the request was refused before routing.
        case badRequest = "bad_request"
        /// "unsatisfiable": no model satisfies the constraints.
        case unsatisfiable
    }

    private struct RequestKey: Hashable, Comparable {
        var model: String
        var status: Status
        static func < (a: RequestKey, b: RequestKey) -> Bool { (a.model, a.status.rawValue) < (b.model, b.status.rawValue) }
    }

    private struct Counters {
        var requests: [RequestKey: Int] = [:]
        var inFlight = 0
        var decisionSeconds = RecentValues(capacity: ServeState.samples)
        var ttftSeconds = RecentValues(capacity: ServeState.samples)
    }

    private let decisions = Mutex<(order: [String], byID: [String: Decision])>(([], [:]))
    private let counters = Mutex(Counters())
    static let keep = 1000
    /// Latency samples kept for the /metrics quantiles.
    static let samples = 10_000

    func remember(_ d: Decision) {
        decisions.withLock { store in
            store.byID[d.id] = d
            store.order.append(d.id)
            if store.order.count > Self.keep { store.byID[store.order.removeFirst()] = nil }
        }
    }

    func decision(_ id: String) -> Decision? { decisions.withLock { $0.byID[id] } }

    func started() { counters.withLock { $0.inFlight += 1 } }

    func finished(model: String, status: Status, decisionMicroseconds: Double?, ttftMs: Double?) {
        counters.withLock { c in
            c.inFlight -= 1
            c.requests[RequestKey(model: model, status: status), default: 0] += 1
            if let d = decisionMicroseconds { c.decisionSeconds.append(d / 1e6) }
            if let t = ttftMs { c.ttftSeconds.append(t / 1000) }
        }
    }

    var inFlight: Int { counters.withLock { $0.inFlight } }

    func metrics() -> String {
        let c = counters.withLock { $0 }
        var lines = ["# HELP foundry_route_requests_total Requests served, by chosen model and outcome.",
                     "# TYPE foundry_route_requests_total counter"]
        for key in c.requests.keys.sorted() {
            lines.append("foundry_route_requests_total{model=\"\(key.model)\",status=\"\(key.status.rawValue)\"} \(c.requests[key]!)")
        }
        lines += ["# HELP foundry_route_in_flight Requests being served now.", "# TYPE foundry_route_in_flight gauge",
                  "foundry_route_in_flight \(c.inFlight)"]
        for (name, help, values) in [("foundry_route_decision_seconds", "Time to decide.", c.decisionSeconds.values),
                                     ("foundry_route_ttft_seconds", "Time to first token through the router.", c.ttftSeconds.values)] {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) summary"]
            for q in [0.5, 0.9, 0.99] {
                lines.append("\(name){quantile=\"\(q)\"} \(SampleStatistics.percentile(values, q * 100) ?? 0)")
            }
            lines.append("\(name)_sum \(values.reduce(0, +))")
            lines.append("\(name)_count \(values.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
