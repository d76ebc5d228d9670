import Foundation
import FoundryCore

/// p50 and p95 of each waterfall column over the turns that have it.
public struct LatencySummary: Sendable, Codable, Equatable {
    public struct Figure: Sendable, Codable, Equatable {
        public var name: String
        public var turns: Int
        public var p50Ms: Double
        public var p95Ms: Double

        enum CodingKeys: String, CodingKey { case name, turns, p50Ms = "p50_ms", p95Ms = "p95_ms" }
    }

    public var turns: Int
    public var figures: [Figure]

    public init(_ waterfalls: [TurnWaterfall]) {
        turns = waterfalls.count
        figures = TurnWaterfall.columns.compactMap { name, path in
            let values = waterfalls.compactMap { $0[keyPath: path] }
            guard let p50 = SampleStatistics.percentile(values, 50), let p95 = SampleStatistics.percentile(values, 95) else { return nil }
            return Figure(name: name, turns: values.count, p50Ms: p50, p95Ms: p95)
        }
    }

    public var text: String {
        guard !figures.isEmpty else { return "latency: no completed turns" }
        let rows = figures.map { "  " + $0.name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: " p50 %7.0f ms   p95 %7.0f ms   (%d turns)", $0.p50Ms, $0.p95Ms, $0.turns) }
        return "latency over \(turns) turn\(turns == 1 ? "" : "s") (ms after the user's speech end; server_* after the server's VAD decision):\n"
            + rows.joined(separator: "\n")
    }
}
