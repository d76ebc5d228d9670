import FoundryCore
import FoundryRealtime
import FoundryCatalog

/// Feeds a voice run back like every bench run: one usage record per answered turn (source
/// "bench", priced from the catalog `foundry cost` uses) and each answered turn's speech end →
/// first audio byte and → response.done where route reads latency, under the same model id.
struct VoiceRunRecorder {
    let context: Context
    let endpoint: RealtimeEndpoint

    func record(_ result: VoiceClient.Result) throws {
        let records = try VoiceUsage.records(result, endpoint: endpoint, context: context, source: "bench")
        let samples = records.filter { $0.status == "ok" }.map { (model: $0.modelID, ttftMs: $0.ttftMilliseconds, totalMs: $0.totalMilliseconds) }
        if !samples.isEmpty { try LatencyStats(paths: context.paths).record(Array(samples.suffix(LatencyStats.window))) }
        try context.usageLog.append(contentsOf: records)
    }
}
