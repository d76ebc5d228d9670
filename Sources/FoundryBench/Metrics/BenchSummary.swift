import FoundryCore

/// The result of a run: what was measured against what, how much got through, and every
/// metric's distribution. Key names follow vLLM's `bench serve` JSON (`mean_ttft_ms`,
/// `median_ttft_ms`, `p99_itl_ms`, `median_e2el_ms`, `request_throughput`, …), with foundry's
/// own additions named the same way.
public struct BenchSummary: Sendable {
    public struct Settings: Sendable {
        public var target: String
        public var modelID: String?
        public var backend: String
        /// How the requests were sent (rate, burstiness, concurrency, warmup, seed).
        public var plan: LoadPlan
        public var stream: Bool
        public var slo: ServiceLevelObjective?

        public init(target: String, modelID: String?, backend: String, plan: LoadPlan, stream: Bool, slo: ServiceLevelObjective?) {
            self.target = target
            self.modelID = modelID
            self.backend = backend
            self.plan = plan
            self.stream = stream
            self.slo = slo
        }
    }

    /// One metric: its key stem ("ttft"), unit suffix ("_ms") and values.
    public struct Metric: Sendable {
        public var name: String
        public var unit: String
        public var title: String
        public var values: Distribution
    }

    public struct TimelinePoint: Sendable, Equatable {
        public var startS: Double
        public var requestsPerS: Double
        public var outputTokensPerS: Double
        public var errors: Int
    }

    public var settings: Settings
    public var date: String
    public var durationS: Double
    public var completed: Int
    public var failed: Int
    public var errorsByKind: [String: Int]
    public var totalInputTokens: Int
    public var totalOutputTokens: Int
    /// "usage", "counted", "estimated" or "mixed".
    public var tokenCounts: String
    public var tokenCountMethod: String
    public var goodRequests: Int?
    public var metrics: [Metric]
    public var timeline: [TimelinePoint]

    public var requestThroughput: Double { durationS > 0 ? Double(completed) / durationS : 0 }
    public var outputThroughput: Double { durationS > 0 ? Double(totalOutputTokens) / durationS : 0 }
    public var totalTokenThroughput: Double { durationS > 0 ? Double(totalInputTokens + totalOutputTokens) / durationS : 0 }
    public var goodput: Double? { goodRequests.map { durationS > 0 ? Double($0) / durationS : 0 } }

    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }

    /// The statistics of every metric that has values, as `mean_ttft_ms`, `median_ttft_ms`,
    /// `std_ttft_ms`, `p90_ttft_ms`, `p95_ttft_ms`, `p99_ttft_ms`, `max_ttft_ms`, in that order.
    public var statistics: [(key: String, value: Double)] {
        var out: [(key: String, value: Double)] = []
        for m in metrics where !m.values.isEmpty {
            out.append(("mean_\(m.name)\(m.unit)", m.values.mean))
            out.append(("median_\(m.name)\(m.unit)", m.values.median))
            out.append(("std_\(m.name)\(m.unit)", m.values.standardDeviation))
            for p in Distribution.percentiles where p != 50 { out.append(("p\(Int(p))_\(m.name)\(m.unit)", m.values.percentile(p))) }
            out.append(("max_\(m.name)\(m.unit)", m.values.max))
        }
        return out
    }

    /// The scalar results in a fixed order (CSV columns, compare rows).
    public var scalars: [(key: String, value: JSONValue)] {
        var out: [(key: String, value: JSONValue)] = [
            ("target", .string(settings.target)),
            ("model_id", settings.modelID.map(JSONValue.string) ?? .null),
            ("backend", .string(settings.backend)),
            ("date", .string(date)),
            ("num_prompts", .number(Double(completed + failed))),
            ("request_rate", settings.plan.rate.map(JSONValue.number) ?? .string("inf")),
            ("burstiness", .number(settings.plan.burstiness)),
            ("max_concurrency", .number(Double(settings.plan.concurrency))),
            ("warmup", .number(Double(settings.plan.warmup))),
            ("seed", .number(Double(settings.plan.seed))),
            ("stream", .bool(settings.stream)),
            ("duration", .number(durationS)),
            ("completed", .number(Double(completed))),
            ("failed", .number(Double(failed))),
            ("total_input_tokens", .number(Double(totalInputTokens))),
            ("total_output_tokens", .number(Double(totalOutputTokens))),
            ("token_counts", .string(tokenCounts)),
            ("token_count_method", .string(tokenCountMethod)),
            ("request_throughput", .number(requestThroughput)),
            ("output_throughput", .number(outputThroughput)),
            ("total_token_throughput", .number(totalTokenThroughput)),
        ]
        if let goodput, let slo = settings.slo {
            out.append(("slo", .string(slo.text)))
            out.append(("good_requests", .number(Double(goodRequests ?? 0))))
            out.append(("request_goodput", .number(goodput)))
        }
        out += statistics.map { ($0.key, .number($0.value)) }
        return out
    }

    /// The `--json` document.
    public var json: JSONValue {
        var o: [String: JSONValue] = [:]
        for (k, v) in scalars { o[k] = v }
        o["errors_by_kind"] = .object(errorsByKind.mapValues { .number(Double($0)) })
        o["throughput_over_time"] = .array(timeline.map { p in
            .object(["start_s": .number(p.startS), "requests_per_s": .number(p.requestsPerS),
                     "output_tokens_per_s": .number(p.outputTokensPerS), "errors": .number(Double(p.errors))])
        })
        return .object(o)
    }
}
