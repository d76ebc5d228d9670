import FoundryCore

/// `--slo ttft=300ms,tpot=50ms,e2el=2s`: limits a request must meet to count towards goodput.
public struct ServiceLevelObjective: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable { case ttft, tpot, itl, e2el }

    /// Limit per metric, milliseconds.
    public var limits: [Metric: Double]

    public init(limits: [Metric: Double]) { self.limits = limits }

    public init(parsing text: String) throws {
        var limits: [Metric: Double] = [:]
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let names = Metric.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2 else { throw FoundryError.usage("--slo '\(item)': expected METRIC=LIMIT, e.g. ttft=300ms (metrics: \(names))") }
            let key = parts[0].lowercased() == "e2e" ? "e2el" : parts[0].lowercased()
            guard let metric = Metric(rawValue: key) else { throw FoundryError.usage("--slo: unknown metric '\(parts[0])' (metrics: \(names))") }
            guard let ms = Self.milliseconds(parts[1]) else {
                throw FoundryError.usage("--slo \(parts[0]): '\(parts[1])' is not a duration (e.g. 300ms, 2s, 250)")
            }
            limits[metric] = ms
        }
        guard !limits.isEmpty else { throw FoundryError.usage("--slo is empty: give e.g. ttft=300ms,tpot=50ms") }
        self.limits = limits
    }

    /// "300ms", "0.3s", "300" (milliseconds).
    static func milliseconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let value: Double?
        if t.hasSuffix("ms") { value = Double(t.dropLast(2)) }
        else if t.hasSuffix("s") { value = Double(t.dropLast()).map { $0 * 1000 } }
        else { value = Double(t) }
        guard let value, value.isFinite, value > 0 else { return nil }
        return value
    }

    /// True when a request succeeded and meets every limit (a metric it has no value for, such
    /// as TPOT of a one-token answer, does not count against it).
    public func isMet(by r: RequestRecord) -> Bool {
        guard r.ok else { return false }
        for (metric, limit) in limits {
            switch metric {
            case .ttft: if let v = r.ttftMs, v > limit { return false }
            case .tpot: if let v = r.tpotMs, v > limit { return false }
            case .itl: if let v = r.itlMs.max(), v > limit { return false }
            case .e2el: if r.e2elMs > limit { return false }
            }
        }
        return true
    }

    /// "ttft=300ms,tpot=50ms" in a fixed order.
    public var text: String {
        Metric.allCases.compactMap { m in limits[m].map { "\(m.rawValue)=\(Self.format($0))ms" } }.joined(separator: ",")
    }

    private static func format(_ v: Double) -> String { v.rounded() == v ? String(Int(v)) : String(v) }
}
