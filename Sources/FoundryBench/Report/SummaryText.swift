import Foundation
import FoundryCore

/// The summary for people: what ran, how much got through, and a table of every metric's
/// mean, percentiles and maximum.
enum SummaryText {
    static func render(_ s: BenchSummary, width: Int = Int.max) -> String {
        var lines: [String] = []
        var what = s.settings.target
        if let model = s.settings.modelID, model != s.settings.target { what += " (model \(model))" }
        lines.append("target      \(what)")
        let plan = s.settings.plan
        var load = plan.rate.map { String(format: "%g req/s", $0) + (plan.burstiness == 1 ? " (Poisson)" : String(format: " (gamma, burstiness %g)", plan.burstiness)) } ?? "as fast as possible"
        load += ", concurrency \(plan.concurrency)"
        if plan.warmup > 0 { load += ", \(plan.warmup) warmup" }
        if !s.settings.stream { load += ", not streamed" }
        lines.append("load        \(load)")
        lines.append(String(format: "requests    %d completed, %d failed in %.2f s", s.completed, s.failed, s.durationS))
        lines.append(String(format: "throughput  %.2f req/s, %.1f output tokens/s, %.1f total tokens/s",
                            s.requestThroughput, s.outputThroughput, s.totalTokenThroughput))
        lines.append("tokens      \(s.totalInputTokens) input, \(s.totalOutputTokens) output (\(s.tokenCountMethod))")
        if let goodput = s.goodput, let slo = s.settings.slo {
            lines.append(String(format: "goodput     %.2f req/s: %d of %d requests met %@", goodput, s.goodRequests ?? 0, s.completed + s.failed, slo.text))
        }
        if !s.errorsByKind.isEmpty {
            lines.append("errors      " + s.errorsByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        var table = TextTable([("METRIC", .left), ("MEAN", .right), ("MEDIAN", .right), ("P90", .right), ("P95", .right),
                               ("P99", .right), ("MAX", .right)])
        for m in s.metrics where !m.values.isEmpty {
            let v = m.values
            table.add([m.title] + [v.mean, v.median, v.percentile(90), v.percentile(95), v.percentile(99), v.max].map(format))
        }
        if !table.rows.isEmpty { lines += ["", table.render(width: width)] }
        return lines.joined(separator: "\n")
    }

    static func format(_ v: Double) -> String {
        v >= 1000 ? String(format: "%.0f", v) : v >= 100 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }
}

/// `--csv`: one header line and one line of values, the JSON document's scalar keys.
public enum SummaryCSV {
    public static func render(_ s: BenchSummary) -> String {
        let scalars = s.scalars
        let header = scalars.map(\.key).joined(separator: ",")
        let values = scalars.map { field($0.value) }.joined(separator: ",")
        return header + "\n" + values
    }

    static func field(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .string(let s): return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        case .number, .bool: return v.jsonString
        default: return "\"" + v.jsonString.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
