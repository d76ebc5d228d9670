import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// What the router knows besides the request: the models, whether each can be called, the
/// quality predictor, measured latencies and cooldowns.
public struct RoutingContext: Sendable {
    public var entries: [CatalogEntry]
    public var availability: @Sendable (CatalogEntry) -> ProviderRegistry.Availability
    public var quality: any QualityPredictor
    public var latency: LatencyStats.Document
    public var cooldowns: [String: Date]
    /// Today (UTC, YYYY-MM-DD), for retirement dates.
    public var today: String

    public init(entries: [CatalogEntry], availability: @escaping @Sendable (CatalogEntry) -> ProviderRegistry.Availability,
                quality: any QualityPredictor, latency: LatencyStats.Document = LatencyStats.Document(),
                cooldowns: [String: Date] = [:], today: String = Timestamp.day(Date())) {
        self.entries = entries
        self.availability = availability
        self.quality = quality
        self.latency = latency
        self.cooldowns = cooldowns
        self.today = today
    }
}

/// Hard filters first, then scoring: predicted quality for this prompt, predicted cost and
/// predicted latency; the preference picks within a band below the best predicted quality.
public enum Router {
    public static let policyVersion = "foundry-route/1 (filters → quality band → preference)"

    public static func decide(prompt: String, promptTokens: Int, promptTokensMethod: String,
                              constraints c: RouteConstraints, context: RoutingContext) -> Decision {
        let clock = Stopwatch()
        var rejected: [Rejection] = []
        var passing: [CatalogEntry] = []
        // By index: a `for entry in` loop copies each entry (a dozen reference-counted fields).
        for i in context.entries.indices {
            if let r = hardFilter(context.entries[i], promptTokens: promptTokens, constraints: c, context: context) {
                rejected.append(r)
            } else {
                passing.append(context.entries[i])
            }
        }
        let quality = context.quality.predict(prompt: prompt, models: passing)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(passing.count)
        for i in passing.indices {
            let entry = passing[i]
            let q = quality[entry.id] ?? QualityEstimate(probability: 0, source: "none")
            let cost = CostCalculator.cost(BillableTokens(input: promptTokens, output: c.maxTokens), prices: entry.prices).usd
            let samples = context.latency.models[entry.id]
            let ttft = samples.flatMap { SampleStatistics.percentile($0.ttftMs, 50) }
            let total = samples.flatMap { SampleStatistics.percentile($0.totalMs, 50) }
            let latencySource = samples.map { "median of \($0.ttftMs.count) measured" } ?? "not measured"
            let candidate = Candidate(id: entry.id, quality: q.probability, qualitySource: q.source, costUSD: cost,
                                      ttftMs: ttft, totalMs: total, latencySource: latencySource, inBand: false)
            if let r = scoreFilter(candidate, constraints: c) { rejected.append(r) } else { candidates.append(candidate) }
        }
        let best = candidates.map(\.quality).max()
        let floor = best.map { $0 - c.effectiveBand }
        for i in candidates.indices { candidates[i].inBand = floor.map { candidates[i].quality >= $0 - 1e-12 } ?? false }
        candidates.sort { rank($0, $1, prefer: c.prefer) }
        return Decision(
            id: RandomUUID.make(), time: Timestamp.iso8601(Date()), policyVersion: policyVersion,
            qualityModel: context.quality.version, constraints: c, promptTokens: promptTokens,
            promptTokensMethod: promptTokensMethod, candidates: candidates, rejected: rejected, chosen: candidates.first?.id,
            bestQuality: best, bandFloor: floor, attempts: [], decisionMicroseconds: clock.elapsed.millisecondsDouble * 1000)
    }

    /// In-band candidates first, ordered by the preference; then the rest by quality.
    package static func rank(_ a: Candidate, _ b: Candidate, prefer: RouteConstraints.Preference) -> Bool {
        if a.inBand != b.inBand { return a.inBand }
        if !a.inBand || prefer == .quality {
            return (a.quality, -a.costUSD, b.id) > (b.quality, -b.costUSD, a.id)
        }
        switch prefer {
        case .latency:
            let la = a.ttftMs ?? .infinity, lb = b.ttftMs ?? .infinity
            if la != lb { return la < lb }
            return (a.costUSD, b.quality, a.id) < (b.costUSD, a.quality, b.id)
        default:
            return (a.costUSD, b.quality, a.id) < (b.costUSD, a.quality, b.id)
        }
    }

    package static func hardFilter(_ e: CatalogEntry, promptTokens: Int, constraints c: RouteConstraints, context: RoutingContext) -> Rejection? {
        func reject(_ constraint: Rejection.Constraint, _ reason: String, _ admit: Rejection.Admission? = nil) -> Rejection {
            Rejection(id: e.id, constraint: constraint, reason: reason, admission: admit)
        }
        if e.isRetired(on: context.today), let date = e.retirementDate {
            return reject(.retired, "retired by the provider on \(date)")
        }
        if let allowed = c.allowedModels, !ModelPatterns.matches(allowed, e.id) {
            return reject(.allowedModels, "not among the models this key may use (\(allowed.joined(separator: ",")))")
        }
        if !c.providers.isEmpty, !c.providers.contains(e.provider) {
            return reject(.provider, "provider '\(e.provider)' is not in --provider \(c.providers.joined(separator: ","))", .option("--provider \(e.provider)"))
        }
        if let hit = c.exclude.first(where: { $0 == e.provider || $0 == e.id || $0 == e.model }) {
            return reject(.exclude, "excluded by --exclude \(hit)")
        }
        if c.localOnly, e.location != .local {
            return reject(.location, "runs \(e.location == .cloud ? "in the cloud" : "on-prem"), not on this machine (--local-only)")
        }
        if c.onPremOnly, e.location == .cloud {
            return reject(.location, "runs in the cloud (--on-prem-only admits on-prem and local models)")
        }
        if let region = c.region, e.location == .cloud, (e.regionFamily ?? "global") != region {
            return reject(.region, "serves region '\(e.regionFamily ?? "global")', not '\(region)'", .option("--region \(e.regionFamily ?? "global")"))
        }
        if e.has(.realtime) {
            return Rejection(id: e.id, constraint: .capability, reason: "a realtime (WebSocket) model: route calls chat completions (use it through foundry voice)",
                             realtimeOnly: true)
        }
        let missing = c.needs.filter { !e.has($0) }
        if !missing.isEmpty {
            return reject(.capability, "lacks " + missing.map(\.rawValue).joined(separator: ", "))
        }
        let needed = promptTokens + c.maxTokens
        if needed > e.contextWindow {
            let room = e.contextWindow - promptTokens
            return reject(.contextWindow, "needs \(needed) tokens (\(promptTokens) prompt + \(c.maxTokens) output), window is \(e.contextWindow)",
                          room > 0 ? .option("--max-tokens \(room)") : nil)
        }
        if c.maxTokens > e.maxOutputTokens {
            return reject(.contextWindow, "max output is \(e.maxOutputTokens) tokens, asked for \(c.maxTokens)", .option("--max-tokens \(e.maxOutputTokens)"))
        }
        let availability = context.availability(e)
        if let reason = availability.reason {
            var admit: Rejection.Admission?
            if case .missingKey(let vars) = availability { admit = .setting(vars.joined(separator: " or ")) }
            if case .missingEndpoint(let v) = availability { admit = .setting(v) }
            return reject(.key, reason, admit)
        }
        if let until = context.cooldowns[e.id] {
            return reject(.cooldown, "cooling down after repeated failures until \(Timestamp.iso8601(until))")
        }
        return nil
    }

    package static func scoreFilter(_ candidate: Candidate, constraints c: RouteConstraints) -> Rejection? {
        func reject(_ constraint: Rejection.Constraint, _ reason: String, _ admit: Rejection.Admission?) -> Rejection {
            Rejection(id: candidate.id, constraint: constraint, reason: reason, admission: admit)
        }
        if let max = c.maxCostUSD, candidate.costUSD > max {
            return reject(.maxCost, "may cost \(usd(candidate.costUSD)) per request, above \(usd(max))", .option("--max-cost \(usd(candidate.costUSD, up: true).dropFirst())"))
        }
        if let left = c.budgetRemainingUSD, candidate.costUSD > left {
            return reject(.budget, "may cost \(usd(candidate.costUSD)); \(usd(left)) of today's budget is left", nil)
        }
        if let max = c.maxLatencyMs {
            guard let ttft = candidate.ttftMs else {
                return reject(.maxLatency, "time to first token never measured (route and bench record it)", nil)
            }
            if ttft > max { return reject(.maxLatency, "median time to first token \(Int(ttft.rounded())) ms, above \(Int(max)) ms", .option("--max-latency \(Int(ttft.rounded(.up)))")) }
        }
        if let max = c.maxTotalLatencyMs {
            guard let total = candidate.totalMs else {
                return reject(.maxTotalLatency, "total latency never measured (route and bench record it)", nil)
            }
            if total > max { return reject(.maxTotalLatency, "median total time \(Int(total.rounded())) ms, above \(Int(max)) ms", .option("--max-total-latency \(Int(total.rounded(.up)))")) }
        }
        if let min = c.minQuality, candidate.quality < min {
            return reject(.minQuality, String(format: "predicted quality %.2f (%@) is below %.2f", candidate.quality, candidate.qualitySource, min),
                          .option(String(format: "--min-quality %.2f", (candidate.quality * 100).rounded(.down) / 100)))
        }
        return nil
    }

    package static func usd(_ v: Double, up: Bool = false) -> String {
        let scaled = v * 1_000_000
        let rounded = (up ? scaled.rounded(.up) : scaled.rounded()) / 1_000_000
        var s = String(format: "%.6f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return "$" + s
    }
}
