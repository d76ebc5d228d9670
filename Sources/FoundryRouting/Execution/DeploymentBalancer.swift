import Foundation
import FoundryCore
import Synchronization

/// The process-wide state of the deployments of models that have several (`[[deployments]]`):
/// requests in flight, the median of recent times to first token, recent failures and cooldowns.
/// Every request of a process picks through the same balancer (route serve's event-loop relay
/// and its task path alike), so in-flight counts are the process's.
///
/// A pick prefers, in order: a deployment not cooling down; one without a failure since its
/// last success (a deployment that just failed goes last at once, before any cooldown); the
/// fewest requests in flight; among those, the measured-fastest (times within `nearTie` of the
/// fastest count as equal); and among equals the one picked longest ago. A deployment measured
/// slower is still tried once `probeRounds` × its model's deployment count picks of this
/// balancer (any model's) have passed without it, so its measurement stays current: a passing
/// stall does not exile it, a slower region gets at most one request in that many of its
/// model's. A deployment cools down by the rules a model does
/// (`threshold` failures within `window`, for `duration`).
public final class DeploymentBalancer: Sendable {
    /// The balancer of the process; route serve gives each server its own.
    public static let shared = DeploymentBalancer()

    struct State {
        var inFlight = 0
        /// The latest times to first token, in milliseconds (at most `samples`).
        var recent: [Double] = []
        /// Their median: one cold start or stall does not mark a deployment slow.
        var ttftMs: Double? {
            guard !recent.isEmpty else { return nil }
            let sorted = recent.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        /// Failures since the last success, in seconds since 1970.
        var failures: [Double] = []
        var until: Double?
        /// When it was last picked (a counter).
        var picked: UInt64 = 0
    }

    private struct Table {
        var states: [String: State] = [:]
        var picks: UInt64 = 0
    }

    private let table = Mutex(Table())
    public let threshold: Int
    public let window: TimeInterval
    public let duration: TimeInterval
    /// How many recent times to first token a deployment's measured latency is the median of.
    static let samples = 8
    /// Times within this factor (plus `nearTieMs`) of the fastest count as equally fast: a
    /// loaded machine's jitter on equal upstreams stays inside it, a slower region does not.
    static let nearTie = 1.5
    static let nearTieMs = 10.0
    /// Picks per deployment of the model (counted over all of this balancer's picks) after which a
    /// slower deployment is tried again.
    static let probeRounds = 4

    public init(threshold: Int = 3, window: TimeInterval = 60, duration: TimeInterval = 120) {
        self.threshold = threshold
        self.window = window
        self.duration = duration
    }

    static func key(_ model: String, _ deployment: String) -> String { model + "\u{1F}" + deployment }

    /// Picks one of `model`'s deployments `names` not in `excluding` and counts a request in
    /// flight on it (release it through the lease); nil when every one is excluded.
    package func pick(model: String, among names: [String], excluding: Set<String> = [], now: Date = Date()) -> DeploymentLease? {
        let t = now.timeIntervalSince1970
        let chosen: String? = table.withLock { table in
            let open = names.filter { !excluding.contains($0) }
            guard !open.isEmpty else { return nil }
            let states = open.map { table.states[Self.key(model, $0)] ?? State() }
            let fastest = zip(open, states).filter { !cooling($1, t) && !suspect($1, t) }.compactMap { $1.ttftMs }.min()
            let probeAfter = UInt64(Self.probeRounds * open.count)
            func rank(_ s: State) -> (Int, Int, Int, Double, UInt64) {
                let cooled = cooling(s, t)
                let stale = table.picks - s.picked >= probeAfter
                let slow = stale ? 0 : s.ttftMs.flatMap { ms in fastest.map { ms > $0 * Self.nearTie + Self.nearTieMs ? ms : 0 } } ?? 0
                return (cooled ? 1 : 0, !cooled && suspect(s, t) ? 1 : 0, s.inFlight, cooled ? (s.until ?? 0) : slow, s.picked)
            }
            let best = zip(open, states).min { rank($0.1) < rank($1.1) }!.0
            table.picks += 1
            let key = Self.key(model, best)
            table.states[key, default: State()].inFlight += 1
            table.states[key]!.picked = table.picks
            return best
        }
        return chosen.map { DeploymentLease(balancer: self, model: model, deployment: $0) }
    }

    private func cooling(_ s: State, _ t: Double) -> Bool { (s.until ?? 0) > t }
    private func suspect(_ s: State, _ t: Double) -> Bool { s.failures.contains { t - $0 <= window } }

    func firstToken(model: String, deployment: String, ms: Double) {
        table.withLock { table in
            let key = Self.key(model, deployment)
            var recent = table.states[key]?.recent ?? []
            recent.append(ms)
            if recent.count > Self.samples { recent.removeFirst(recent.count - Self.samples) }
            table.states[key, default: State()].recent = recent
        }
    }

    /// A request ends: `failed` (before its first token, by the provider's fault) counts
    /// towards a cooldown, a success clears the failures, nil only releases the slot.
    func release(model: String, deployment: String, failed: Bool?, now: Date = Date()) {
        let t = now.timeIntervalSince1970
        table.withLock { table in
            let key = Self.key(model, deployment)
            var s = table.states[key] ?? State()
            s.inFlight = max(0, s.inFlight - 1)
            switch failed {
            case true?:
                s.failures = s.failures.filter { t - $0 <= window } + [t]
                if s.failures.count >= threshold {
                    s.until = t + duration
                    s.failures = [t]  // after the cooldown it is still the last choice until it answers
                }
            case false?:
                s.failures = []
                s.until = nil
            case nil: break
            }
            table.states[key] = s
        }
    }

    /// The models all of whose deployments are cooling down, with the time the first may be
    /// used again: the router treats them as a cooling model.
    public func cooledModels(_ deployments: [String: [String]], now: Date = Date()) -> [String: Date] {
        let t = now.timeIntervalSince1970
        return table.withLock { table in
            var result: [String: Date] = [:]
            for (model, names) in deployments where !names.isEmpty {
                let untils = names.map { table.states[Self.key(model, $0)]?.until ?? 0 }
                if let soonest = untils.min(), soonest > t { result[model] = Date(timeIntervalSince1970: soonest) }
            }
            return result
        }
    }

    /// Requests in flight on one deployment now.
    public func inFlight(model: String, deployment: String) -> Int {
        table.withLock { $0.states[Self.key(model, deployment)]?.inFlight ?? 0 }
    }
}

/// One request's hold on a deployment: released once, by `finish` or when it is dropped.
package final class DeploymentLease: Sendable {
    package let model: String
    package let deployment: String
    private let balancer: DeploymentBalancer
    private let held = Atomic<Bool>(true)
    private let clock = ContinuousClock.now

    init(balancer: DeploymentBalancer, model: String, deployment: String) {
        self.balancer = balancer
        self.model = model
        self.deployment = deployment
    }

    /// Records the first token's arrival (time since the lease was taken).
    package func firstToken() {
        balancer.firstToken(model: model, deployment: deployment, ms: (ContinuousClock.now - clock).millisecondsDouble)
    }

    /// Ends the request: see `DeploymentBalancer.release`.
    package func finish(failed: Bool?) {
        guard held.exchange(false, ordering: .acquiringAndReleasing) else { return }
        balancer.release(model: model, deployment: deployment, failed: failed)
    }

    deinit { finish(failed: nil) }
}
