import Foundation
import FoundryCore

/// llama-bench's markdown table for a `bench run` result, with load time and peak RSS below it.
enum LocalBenchTable {
    static func render(_ r: LocalBenchResult) -> String {
        let name = URL(fileURLWithPath: r.path).lastPathComponent
        let params = String(format: "%.2f B", Double(r.parameters) / 1e9)
        var rows = [["model", "type", "size", "params", "kernels", "threads", "test", "t/s"]]
        for test in [r.prompt, r.generation].compactMap({ $0 }) {
            rows.append([name, r.fileType, ByteCountText.binary(r.fileBytes), params, r.kernels, "\(r.threads)", test.name,
                         String(format: "%.2f ± %.2f", test.medianTokS, test.stddevTokS)])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String], right: Set<Int>) -> String {
            "| " + cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return right.contains(c) ? pad + cell : cell + pad
            }.joined(separator: " | ") + " |"
        }
        let numeric: Set<Int> = [2, 3, 5, 6, 7]
        var lines = [line(rows[0], right: numeric)]
        lines.append("| " + widths.enumerated().map { c, w in
            numeric.contains(c) ? String(repeating: "-", count: w - 1) + ":" : String(repeating: "-", count: w)
        }.joined(separator: " | ") + " |")
        lines += rows.dropFirst().map { line($0, right: numeric) }
        lines.append("")
        lines.append(String(format: "load to first token: %.1f ms", r.loadMs))
        if let peak = r.peakRSSBytes {
            lines.append("peak RSS: \(ByteCountText.binary(peak)) (file \(ByteCountText.binary(r.fileBytes)), context \(r.contextLength) tokens)")
        }
        lines.append("median of \(r.prompt?.samplesTokS.count ?? r.generation?.samplesTokS.count ?? 0) repetitions ± standard deviation")
        return lines.joined(separator: "\n")
    }
}
