import Foundation
import FoundryCore
import FoundryCatalog

/// The usage log's records for a voice run: one per answered turn, with its audio seconds and
/// audio tokens (the server's counts, or the published rates when it gave none) and its price
/// when the session's model has one, from the catalog `foundry cost` prices with (the provider
/// CatalogAssembly: embedded, imported, plugins, config models and overrides).
public enum VoiceUsage {
    /// `source` is "voice" for `foundry voice`, "bench" for `foundry bench voice`.
    public static func records(_ result: VoiceClient.Result, endpoint: RealtimeEndpoint, context: Context, source: String = "voice") throws -> [UsageRecord] {
        let catalog = try CatalogAssembly(context: context, scanLocalFiles: false).catalog
        let local = result.foundry?.reply != nil
        let model = result.model ?? endpoint.model ?? "unknown"
        let entry = local ? nil : priced(model, provider: endpoint.provider, catalog: catalog)
        var records: [UsageRecord] = []
        for (turn, usage) in zip(result.turns, result.usage) where turn.responseDoneMs != nil || turn.firstAudioMs != nil {
            let inputMinutes = turn.inputAudioMs / 60_000, outputMinutes = turn.outputAudioMs / 60_000
            let audio = BillableTokens.audio(inputMinutes: inputMinutes, outputMinutes: outputMinutes)
            let text = Usage(inputTokens: usage?.inputTextTokens ?? 0, outputTokens: usage?.outputTextTokens ?? TokenEstimate.tokens(turn.assistantTranscript ?? ""))
            var record = UsageRecord(
                source: source, modelID: entry?.id ?? (local ? "local/voice-\(result.foundry?.reply ?? "server")" : "\(endpoint.provider ?? "realtime")/\(model)"),
                provider: entry?.provider ?? (local ? "local" : endpoint.provider ?? "realtime"), usage: text,
                status: turn.status == .completed ? "ok" : turn.status.rawValue,
                ttftMilliseconds: turn.firstAudioMs, totalMilliseconds: turn.responseDoneMs)
            record.audioInputTokens = usage.map { $0.inputAudioTokens > 0 ? $0.inputAudioTokens : audio.audioInput } ?? audio.audioInput
            record.audioOutputTokens = usage.map { $0.outputAudioTokens > 0 ? $0.outputAudioTokens : audio.audioOutput } ?? audio.audioOutput
            record.audioInputSeconds = (turn.inputAudioMs / 10).rounded() / 100
            record.audioOutputSeconds = (turn.outputAudioMs / 10).rounded() / 100
            if local {
                record.costUSD = 0
            } else if let entry {
                let tokens = BillableTokens(text) + BillableTokens(audioInput: record.audioInputTokens ?? 0, audioOutput: record.audioOutputTokens ?? 0)
                record.costUSD = CostCalculator.cost(tokens, prices: entry.prices).usd
            }
            records.append(record)
        }
        return records
    }

    /// The catalog entry for a realtime model name as a server reports it ("gpt-realtime",
    /// "gpt-realtime-2025-08-28"), under the endpoint's provider.
    package static func priced(_ model: String, provider: String?, catalog: Catalog) -> CatalogEntry? {
        guard let provider else { return nil }
        var name = model
        if let range = name.range(of: #"-\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) { name.removeSubrange(range) }
        for candidate in ["\(provider)/\(model)", "\(provider)/\(name)"] {
            if let entry = try? catalog.entry(named: candidate) { return entry }
        }
        return nil
    }
}
