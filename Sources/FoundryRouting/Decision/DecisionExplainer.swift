import Foundation
import FoundryCore

/// The decision in words, for `--explain` (stderr) and `--dry-run`.
public enum DecisionExplainer {
    public static func text(_ d: Decision) -> String {
        var lines: [String] = []
        let c = d.constraints
        lines.append("decision \(d.id) — \(d.policyVersion)")
        lines.append("prompt: \(d.promptTokens) tokens (\(d.promptTokensMethod)); output bound \(c.maxTokens) tokens; quality model: \(d.qualityModel)")
        var asked: [String] = ["prefer \(c.prefer.rawValue)"]
        if let v = c.maxCostUSD { asked.append("max cost \(Router.usd(v))") }
        if let v = c.maxLatencyMs { asked.append("max first-token latency \(Int(v)) ms") }
        if let v = c.maxTotalLatencyMs { asked.append("max total latency \(Int(v)) ms") }
        if let v = c.minQuality { asked.append(String(format: "min quality %.2f", v)) }
        if !c.needs.isEmpty { asked.append("needs " + c.needs.map(\.rawValue).joined(separator: ",")) }
        if !c.providers.isEmpty { asked.append("providers " + c.providers.joined(separator: ",")) }
        if !c.exclude.isEmpty { asked.append("excluding " + c.exclude.joined(separator: ",")) }
        if c.localOnly { asked.append("local only") }
        if c.onPremOnly { asked.append("on-prem only") }
        if let r = c.region { asked.append("region \(r)") }
        if let b = c.budgetRemainingUSD { asked.append("daily budget left \(Router.usd(b))") }
        lines.append("asked: " + asked.joined(separator: "; "))
        if let best = d.bestQuality, let floor = d.bandFloor {
            lines.append(String(format: "band: best predicted quality %.3f; %@ picks among models at or above %.3f (band %.2f)",
                                best, c.prefer.rawValue, floor, c.effectiveBand))
        }
        if d.candidates.isEmpty {
            lines.append("no model satisfies the constraints")
        } else {
            lines.append("")
            var table = TextTable([("RANK", .right), ("MODEL", .left), ("QUALITY", .right), ("", .left), ("COST", .right),
                                   ("TTFT", .right), ("TOTAL", .right), ("BAND", .left)])
            for (i, cand) in d.candidates.enumerated() {
                table.add([i == 0 ? "→1" : String(i + 1), cand.id, String(format: "%.3f", cand.quality), cand.qualitySource,
                           Router.usd(cand.costUSD), cand.ttftMs.map { "\(Int($0.rounded())) ms" } ?? "-",
                           cand.totalMs.map { "\(Int($0.rounded())) ms" } ?? "-", cand.inBand ? "in" : "out"])
            }
            lines.append(table.render())
            if let chosen = d.candidates.first {
                lines.append("")
                lines.append("chosen: \(chosen.id) — " + reason(chosen, d))
                let fallbacks = d.candidates.dropFirst().prefix(3).map(\.id)
                if !fallbacks.isEmpty { lines.append("fallbacks before the first token: " + fallbacks.joined(separator: " → ")) }
            }
        }
        if !d.rejected.isEmpty {
            lines.append("")
            lines.append("rejected (\(d.rejected.count)):")
            let grouped = Dictionary(grouping: d.rejected, by: \.constraint)
            for constraint in grouped.keys.sorted() {
                for r in grouped[constraint]!.sorted(by: { $0.id < $1.id }) {
                    lines.append("  \(r.id): \(constraint): \(r.reason)" + (r.wouldAdmit.map { " [admitted by \($0)]" } ?? ""))
                }
            }
        }
        for a in d.attempts {
            lines.append("attempt: \(a.model)" + (a.deployment.map { " at \($0)" } ?? "") + " → \(a.outcome)" + (a.detail.map { ": \($0)" } ?? "")
                         + (a.ttftMs.map { String(format: " (first token %.0f ms)", $0) } ?? "") + (a.hedged ? " [hedge]" : ""))
        }
        lines.append(String(format: "decided in %.0f µs", d.decisionMicroseconds))
        return lines.joined(separator: "\n")
    }

    package static func reason(_ chosen: Candidate, _ d: Decision) -> String {
        let inBand = d.candidates.filter(\.inBand)
        switch d.constraints.prefer {
        case .quality:
            return String(format: "highest predicted quality (%.3f)", chosen.quality)
        case .latency:
            return chosen.ttftMs.map { "fastest measured first token (\(Int($0.rounded())) ms) within the band" }
                ?? "cheapest within the band (no latency measured for any candidate)"
        case .balanced, .cost:
            if inBand.count <= 1 { return String(format: "the only model within the quality band (%.3f)", chosen.quality) }
            var text = String(format: "cheapest (%@) of %d models within the band; quality %.3f", Router.usd(chosen.costUSD), inBand.count, chosen.quality)
            if let next = inBand.dropFirst().first {
                text += next.costUSD > chosen.costUSD
                    ? ", cheaper than \(next.id) (\(Router.usd(next.costUSD)))"
                    : ", as cheap as \(next.id) (ties go to higher quality, then the id)"
            }
            return text
        }
    }
}
