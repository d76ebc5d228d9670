import Foundation
import FoundryCore

/// Two `--json` results side by side (foundry's, or vLLM `bench serve`'s, which use the same
/// key names): each metric in both, the difference B − A, the ratio B / A, and which is better.
public struct Comparison: Sendable {
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var a: Double?
        public var b: Double?
        public var difference: Double? { a.flatMap { a in b.map { $0 - a } } }
        public var ratio: Double? { a.flatMap { a in b.flatMap { a != 0 ? $0 / a : nil } } }
        /// "a", "b", or nil when equal, missing, or neither direction is better.
        public var better: String?
    }

    public var fileA: String
    public var fileB: String
    public var labelA: String
    public var labelB: String
    public var rows: [Row]

    /// Metrics where a higher value is better; for every other compared metric lower is better.
    static let higherIsBetter: Set<String> = [
        "request_throughput", "output_throughput", "total_token_throughput", "request_goodput", "completed",
    ]
    static let leading = ["completed", "failed", "duration", "request_throughput", "output_throughput", "total_token_throughput", "request_goodput"]
    static let stems = ["ttft_ms", "tpot_ms", "itl_ms", "e2el_ms", "request_output_tps",
                        // bench voice: stages after the user's speech end
                        "first_audio_ms", "vad_to_first_audio_ms", "first_text_ms", "response_done_ms"]
    static let statistics = ["mean", "median", "p90", "p95", "p99", "max"]

    public init(a pathA: String, b pathB: String) throws {
        let a = try Self.load(pathA), b = try Self.load(pathB)
        fileA = pathA
        fileB = pathB
        labelA = Self.label(a)
        labelB = Self.label(b)
        var keys = Self.leading
        for stem in Self.stems { keys += Self.statistics.map { "\($0)_\(stem)" } }
        rows = keys.compactMap { key in
            let va = a[key].flatMap(Self.number), vb = b[key].flatMap(Self.number)
            guard va != nil || vb != nil else { return nil }
            var row = Row(metric: key, a: va, b: vb)
            if let va, let vb, va != vb, key != "duration" {
                let higher = Self.higherIsBetter.contains(key) || key.hasSuffix("request_output_tps")
                row.better = (vb > va) == higher ? "b" : "a"
            }
            return row
        }
    }

    static func load(_ path: String) throws -> [String: Any] {
        let data = try TextFile.data(path, what: "bench result ")
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw FoundryError.failure("bench result '\(path)' is not a JSON object", hint: "compare the output of foundry bench --json")
        }
        guard ["request_throughput", "mean_ttft_ms", "mean_e2el_ms", "mean_first_audio_ms"].contains(where: { object[$0] != nil }) else {
            throw FoundryError.failure("'\(path)' is not a bench result: it has none of request_throughput, mean_ttft_ms, mean_e2el_ms, mean_first_audio_ms",
                                       hint: "compare the output of foundry bench --json or bench voice --json (or vLLM bench serve --save-result)")
        }
        return object
    }

    static func number(_ value: Any) -> Double? {
        guard !(value is Bool) else { return nil }
        return (value as? Double) ?? (value as? Int).map(Double.init)
    }

    static func label(_ o: [String: Any]) -> String {
        let target = o["target"] as? String ?? o["model_id"] as? String ?? "?"
        let date = o["date"] as? String
        return date.map { "\(target), \($0)" } ?? target
    }

    public var json: JSONValue {
        .object([
            "a": .string(fileA), "b": .string(fileB),
            "metrics": .array(rows.map { r in
                .object([
                    "metric": .string(r.metric), "a": r.a.map(JSONValue.number) ?? .null, "b": r.b.map(JSONValue.number) ?? .null,
                    "difference": r.difference.map(JSONValue.number) ?? .null, "ratio": r.ratio.map(JSONValue.number) ?? .null,
                    "better": r.better.map(JSONValue.string) ?? .null,
                ])
            }),
        ])
    }

    public func text(width: Int = Int.max) -> String {
        var table = TextTable([("METRIC", .left), ("A", .right), ("B", .right), ("B − A", .right), ("B / A", .right), ("BETTER", .left)])
        for r in rows {
            table.add([r.metric, r.a.map(SummaryText.format) ?? "-", r.b.map(SummaryText.format) ?? "-",
                       r.difference.map { ($0 > 0 ? "+" : $0 < 0 ? "-" : "") + SummaryText.format(abs($0)) } ?? "-",
                       r.ratio.map { String(format: "%.3f×", $0) } ?? "-", r.better?.uppercased() ?? ""])
        }
        return "A: \(fileA) (\(labelA))\nB: \(fileB) (\(labelB))\n\n" + table.render(width: width)
    }
}
