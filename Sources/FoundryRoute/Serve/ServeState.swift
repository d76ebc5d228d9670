import Foundation
import FoundryCore
import Synchronization
import FoundryCatalog
import FoundryRouting

/// What the server remembers: recent decisions (for GET /v1/decisions/{id}) and its metrics.
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

    private let decisions = Mutex<(order: [String], byID: [String: Decision])>(([], [:]))
    let metrics = ServeMetrics()
    static let keep = 1000

    func remember(_ d: Decision) {
        decisions.withLock { store in
            store.byID[d.id] = d
            store.order.append(d.id)
            if store.order.count > Self.keep { store.byID[store.order.removeFirst()] = nil }
        }
    }

    func decision(_ id: String) -> Decision? { decisions.withLock { $0.byID[id] } }

    func started() { metrics.started() }

    func finished(model: String, status: Status, caller: DecisionCaller? = nil, decisionMicroseconds: Double?, ttftMs: Double?) {
        metrics.finished(model: model, status: status, caller: caller, decisionMicroseconds: decisionMicroseconds, ttftMs: ttftMs)
    }
}
