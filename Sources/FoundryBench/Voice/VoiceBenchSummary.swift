import Foundation
import FoundryCore
import FoundryRealtime

/// The result of `foundry bench voice`: how many turns were answered and, per stage of the
/// latency waterfall, the distribution over the answered turns (HDR histograms, as every bench
/// metric). Stages are milliseconds after the user's speech end (docs/metrics.md, "Voice").
struct VoiceBenchSummary: Sendable {
    /// One stage: its key stem ("first_audio"), its title and the waterfall column it reads.
    struct Stage: Sendable {
        var name: String
        var title: String
        var column: any KeyPath<TurnWaterfall, Double?> & Sendable
    }

    static let stages: [Stage] = [
        Stage(name: "speech_stopped", title: "Speech end → server speech_stopped", column: \.serverSpeechStoppedMs),
        Stage(name: "committed", title: "Speech end → input committed", column: \.committedMs),
        Stage(name: "response_created", title: "Speech end → response.created", column: \.responseCreatedMs),
        Stage(name: "first_text", title: "Speech end → first text", column: \.firstTextMs),
        Stage(name: "first_audio", title: "Speech end → first audio byte", column: \.firstAudioMs),
        Stage(name: "last_audio", title: "Speech end → last audio byte", column: \.lastAudioMs),
        Stage(name: "response_done", title: "Speech end → response.done", column: \.responseDoneMs),
        Stage(name: "vad_to_first_audio", title: "Server VAD decision → first audio byte", column: \.serverVADToFirstAudioMs),
        Stage(name: "server_stt_final", title: "  server: VAD → speech-to-text final", column: \.serverSTTFinalMs),
        Stage(name: "server_reply_first_token", title: "  server: VAD → reply first token", column: \.serverReplyFirstTokenMs),
        Stage(name: "server_tts_first_chunk", title: "  server: VAD → first synthesised chunk", column: \.serverTTSFirstChunkMs),
        Stage(name: "server_first_audio_sent", title: "  server: VAD → first audio sent", column: \.serverFirstAudioSentMs),
    ]

    var target: String
    var model: String?
    /// How the local server replies ("echo", "route:MODEL"), nil for other servers.
    var reply: String?
    var date: String
    var seed: UInt64?
    var durationS: Double
    var turns: [TurnWaterfall]
    /// The synthesised sentence of each turn (empty for audio files).
    var said: [String] = []
    /// The answered turns (completed, or cancelled after audio arrived).
    var answered: [TurnWaterfall] { turns.filter { $0.status == .completed } }
    var failedByStatus: [String: Int] {
        Dictionary(turns.filter { $0.status != .completed }.map { ($0.status.rawValue, 1) }, uniquingKeysWith: +)
    }

    /// Each stage with values, over the answered turns.
    var distributions: [(stage: Stage, values: Distribution)] {
        Self.stages.compactMap { stage in
            let values = Distribution(answered.compactMap { $0[keyPath: stage.column] })
            return values.isEmpty ? nil : (stage, values)
        }
    }

    var vadSilenceMs: Int? { turns.compactMap(\.vadSilenceMs).first }

    /// `mean_first_audio_ms`, `median_first_audio_ms`, `std_…`, `p90_…`, `p95_…`, `p99_…`, `max_…`.
    var statistics: [(key: String, value: Double)] {
        var out: [(key: String, value: Double)] = []
        for (stage, v) in distributions {
            out.append(("mean_\(stage.name)_ms", v.mean))
            out.append(("median_\(stage.name)_ms", v.median))
            out.append(("std_\(stage.name)_ms", v.standardDeviation))
            for p in Distribution.percentiles where p != 50 { out.append(("p\(Int(p))_\(stage.name)_ms", v.percentile(p))) }
            out.append(("max_\(stage.name)_ms", v.max))
        }
        return out
    }

    /// The `--json` document.
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "target": .string(target), "backend": .string("realtime"), "model_id": model.map(JSONValue.string) ?? .null,
            "reply": reply.map(JSONValue.string) ?? .null, "date": .string(date), "seed": seed.map { .number(Double($0)) } ?? .null,
            "duration": .number(durationS),
            "num_turns": .number(Double(turns.count)), "completed": .number(Double(answered.count)),
            "failed": .number(Double(turns.count - answered.count)),
            "errors_by_kind": .object(failedByStatus.mapValues { .number(Double($0)) }),
            "vad_silence_ms": vadSilenceMs.map { .number(Double($0)) } ?? .null,
            "input_audio_s": .number(turns.reduce(0) { $0 + $1.inputAudioMs } / 1000),
            "output_audio_s": .number(turns.reduce(0) { $0 + $1.outputAudioMs } / 1000),
        ]
        for (k, v) in statistics { o[k] = .number(v) }
        let perTurn = (try? JSONValue.parse(Data(JSONCoding.string(turns).utf8), what: "turns"))?.arrayValue ?? []
        o["per_turn"] = .array(perTurn.enumerated().map { i, turn in
            guard said.indices.contains(i), case .object(var fields) = turn else { return turn }
            fields["said"] = .string(said[i])
            return .object(fields)
        })
        return .object(o)
    }

    /// `--csv`: a header line and a line of values, the JSON document's scalar keys in a fixed order.
    var csv: String {
        guard case .object(let o) = json else { return "" }
        let keys = ["target", "backend", "model_id", "reply", "date", "seed", "duration", "num_turns", "completed", "failed", "vad_silence_ms",
                    "input_audio_s", "output_audio_s"] + statistics.map(\.key)
        return keys.joined(separator: ",") + "\n" + keys.map { SummaryCSV.field(o[$0] ?? .null) }.joined(separator: ",")
    }

    /// The summary for people.
    func text(width: Int = Int.max) -> String {
        var lines: [String] = []
        var what = target
        if let model { what += " (model \(model))" }
        if let reply { what += ", replies: \(reply)" }
        lines.append("target      \(what)")
        lines.append("turns       \(answered.count) answered, \(turns.count - answered.count) failed in "
                     + String(format: "%.1f s", durationS) + ", spoken in real time")
        if !failedByStatus.isEmpty {
            lines.append("errors      " + failedByStatus.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let silence = vadSilenceMs {
            lines.append("server VAD  silence window \(silence) ms: included from the speech end, not from the server's VAD decision")
        }
        var table = TextTable([("STAGE (ms)", .left), ("TURNS", .right), ("MEDIAN", .right), ("P95", .right), ("P99", .right), ("MAX", .right)])
        for (stage, v) in distributions {
            table.add([stage.title, String(v.count)] + [v.median, v.percentile(95), v.percentile(99), v.max].map(SummaryText.format))
        }
        if !table.rows.isEmpty { lines += ["", table.render(width: width)] }
        return lines.joined(separator: "\n")
    }
}
