import Foundation
import FoundryCore
import FoundryCatalog

/// Feeds a run back to the rest of foundry: the latency samples of a catalog model go where
/// route predicts from ($XDG_STATE_HOME/foundry/latency.json), and every request, warmup
/// included, goes to the usage log (source "bench") so `foundry cost report` counts it.
struct RunRecorder {
    let context: Context
    let target: any BenchTarget
    /// The model name sent to a URL target (recorded when no catalog model is named).
    let servedModel: String?

    /// The model id usage and latency are recorded under.
    var modelID: String {
        if let entry = target.catalogEntry { return entry.id }
        let host = (try? EndpointURL(target.name))?.hostHeader ?? target.name
        return "url:\(host)/\(servedModel ?? "default")"
    }

    var provider: String { target.catalogEntry?.provider ?? "url" }

    func record(measured: [RequestRecord], warmup: [RequestRecord], runStart: Date) throws {
        let ok = measured.filter(\.ok)
        if !ok.isEmpty {
            let recent = ok.suffix(LatencyStats.window).map { (model: modelID, ttftMs: $0.ttftMs, totalMs: Optional($0.e2elMs)) }
            try LatencyStats(paths: context.paths).record(Array(recent))
        }
        let prices = target.catalogEntry?.prices
        let records = (warmup + measured).map { r -> UsageRecord in
            let usage = r.usage ?? Usage(inputTokens: r.inputTokens, outputTokens: r.outputTokens)
            return UsageRecord(
                time: runStart.addingTimeInterval(r.startS), source: "bench", modelID: modelID, provider: provider, usage: usage,
                costUSD: prices.map { CostCalculator.cost(BillableTokens(usage), prices: $0).usd }, status: r.error ?? "ok",
                ttftMilliseconds: r.ttftMs, totalMilliseconds: r.e2elMs)
        }
        try context.usageLog.append(contentsOf: records)
    }
}
