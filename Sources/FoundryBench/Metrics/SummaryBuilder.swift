import Foundation
import FoundryCore

/// Turns measured requests into the summary: metrics over successful requests only, errors
/// counted by kind, throughput over the run's duration and over time, goodput under the SLO.
public enum SummaryBuilder {
    public static func build(_ records: [RequestRecord], settings: BenchSummary.Settings, durationS: Double,
                             tokenCountMethod: String, date: Date = Date()) -> BenchSummary {
        var ttft = Distribution(), tpot = Distribution(), itl = Distribution(), e2el = Distribution(), tps = Distribution()
        var errors: [String: Int] = [:]
        var input = 0, output = 0
        var sources = Set<String>()
        for r in records {
            guard r.ok else {
                errors[r.error ?? "unknown", default: 0] += 1
                continue
            }
            if let v = r.ttftMs { ttft.add(v) }
            if let v = r.tpotMs { tpot.add(v) }
            for v in r.itlMs { itl.add(v) }
            e2el.add(r.e2elMs)
            if let v = r.outputTokensPerS { tps.add(v) }
            input += r.inputTokens
            output += r.outputTokens
            sources.insert(r.tokensFrom)
        }
        let completed = records.filter(\.ok).count
        let counts = sources.count == 1 ? sources.first! : (sources.isEmpty ? "none" : "mixed")
        let method = sources == ["usage"] ? "server usage" : (sources.contains("usage") ? "server usage where given, else \(tokenCountMethod)" : tokenCountMethod)
        return BenchSummary(
            settings: settings, date: Timestamp.iso8601(date), durationS: durationS, completed: completed,
            failed: records.count - completed, errorsByKind: errors, totalInputTokens: input, totalOutputTokens: output,
            tokenCounts: counts, tokenCountMethod: method,
            goodRequests: settings.slo.map { slo in records.filter { slo.isMet(by: $0) }.count },
            metrics: [
                .init(name: "ttft", unit: "_ms", title: "Time to first token (ms)", values: ttft),
                .init(name: "tpot", unit: "_ms", title: "Time per output token (ms)", values: tpot),
                .init(name: "itl", unit: "_ms", title: "Inter-token latency (ms)", values: itl),
                .init(name: "e2el", unit: "_ms", title: "End-to-end latency (ms)", values: e2el),
                .init(name: "request_output_tps", unit: "", title: "Output tokens/s per request", values: tps),
            ],
            timeline: timeline(records, durationS: durationS))
    }

    /// Completions and output tokens per second in about 40 intervals of the run (1, 2 or 5
    /// times a power of ten seconds, at least 0.1 s), by the time each request ended.
    static func timeline(_ records: [RequestRecord], durationS: Double) -> [BenchSummary.TimelinePoint] {
        guard durationS > 0, !records.isEmpty else { return [] }
        let raw = max(0.1, durationS / 40)
        let decade = pow(10, floor(log10(raw)))
        let width = [1.0, 2, 5, 10].map { $0 * decade }.first { $0 >= raw } ?? raw
        let buckets = max(1, Int((durationS / width).rounded(.up)))
        var done = [Int](repeating: 0, count: buckets), tokens = [Int](repeating: 0, count: buckets), failed = [Int](repeating: 0, count: buckets)
        for r in records {
            let end = r.startS + r.e2elMs / 1000
            let b = min(buckets - 1, max(0, Int(end / width)))
            if r.ok {
                done[b] += 1
                tokens[b] += r.outputTokens
            } else {
                failed[b] += 1
            }
        }
        return (0..<buckets).map { b in
            // The last interval may be shorter than the others.
            let span = min(width, durationS - Double(b) * width)
            let w = max(span, width / 4)
            return .init(startS: Double(b) * width, requestsPerS: Double(done[b]) / w, outputTokensPerS: Double(tokens[b]) / w, errors: failed[b])
        }
    }
}
