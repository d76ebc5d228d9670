import Foundation
import FoundryCore

/// Observed and benchmarked latencies per model, kept in $XDG_STATE_HOME/foundry/latency.json:
/// the most recent samples of time to first token and total time. Route adds a sample after
/// every call; bench adds its measurements; the router predicts from the recent median and p95.
public struct LatencyStats: Sendable {
    public struct Samples: Codable, Sendable, Equatable {
        public var ttftMs: [Double] = []
        public var totalMs: [Double] = []
        public var updated: String = ""

        public init(ttftMs: [Double] = [], totalMs: [Double] = [], updated: String = "") {
            self.ttftMs = ttftMs
            self.totalMs = totalMs
            self.updated = updated
        }

        enum CodingKeys: String, CodingKey { case updated, ttftMs = "ttft_ms", totalMs = "total_ms" }
    }

    public struct Document: Codable, Sendable {
        public var models: [String: Samples] = [:]
        public init() {}
    }

    /// How many recent samples are kept per model and measure.
    public static let window = 200

    let file: StateFile<Document>

    public init(paths: FoundryPaths) {
        file = StateFile(path: paths.stateDirectory + "/latency.json", empty: Document())
    }

    public func load() -> Document { file.read() }

    /// Records one call's latencies.
    public func record(model: String, ttftMs: Double?, totalMs: Double?) throws {
        try record([(model: model, ttftMs: ttftMs, totalMs: totalMs)])
    }

    /// Records several calls' latencies in one locked update.
    public func record(_ samples: [(model: String, ttftMs: Double?, totalMs: Double?)]) throws {
        try file.update { doc in
            let now = Timestamp.iso8601(Date())
            for sample in samples {
                var s = doc.models[sample.model] ?? Samples()
                if let t = sample.ttftMs { s.ttftMs = Array((s.ttftMs + [t]).suffix(Self.window)) }
                if let t = sample.totalMs { s.totalMs = Array((s.totalMs + [t]).suffix(Self.window)) }
                s.updated = now
                doc.models[sample.model] = s
            }
        }
    }
}
