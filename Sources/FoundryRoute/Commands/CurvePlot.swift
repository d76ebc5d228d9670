import Foundation
import FoundryCore
import FoundryRouting

/// The cost–quality curve as a self-contained SVG: the band sweep as a line, policies, single
/// models and the oracle as labelled points, random-at-matched-cost as a dashed line.
enum CurvePlot {
    static func svg(_ e: QualityEvaluation) -> String {
        let width = 760.0, height = 480.0, left = 70.0, right = 200.0, top = 40.0, bottom = 60.0
        let points = e.curve.map { ($0.costUSD, $0.accuracy) } + e.baselines.map { ($0.costUSD, $0.accuracy) }
            + [(e.oracle.costUSD, e.oracle.accuracy)]
        let maxCost = max(points.map(\.0).max() ?? 1, 1e-9) * 1.05
        let accuracies = points.map(\.1) + e.curve.map(\.randomAccuracyAtCost)
        let minAcc = max(0, (accuracies.min() ?? 0) - 0.02), maxAcc = min(1, (accuracies.max() ?? 1) + 0.02)
        func x(_ c: Double) -> Double { left + c / maxCost * (width - left - right) }
        func y(_ a: Double) -> Double { top + (maxAcc - a) / max(maxAcc - minAcc, 1e-9) * (height - top - bottom) }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="22" font-size="14">\(esc(e.label)): accuracy vs cost (\(e.prompts) prompts)</text>
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width - right)" y2="\(height - bottom)" stroke="black"/>
            <line x1="\(left)" y1="\(top)" x2="\(left)" y2="\(height - bottom)" stroke="black"/>
            <text x="\((left + width - right) / 2)" y="\(height - 20)" text-anchor="middle">total cost (USD)</text>
            <text x="18" y="\((top + height - bottom) / 2)" transform="rotate(-90 18 \((top + height - bottom) / 2))" text-anchor="middle">accuracy</text>

            """
        for i in 0...4 {
            let c = maxCost * Double(i) / 4, a = minAcc + (maxAcc - minAcc) * Double(i) / 4
            s += "<text x=\"\(x(c))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">\(String(format: "%.3g", c))</text>\n"
            s += "<text x=\"\(left - 6)\" y=\"\(y(a) + 4)\" text-anchor=\"end\">\(String(format: "%.3f", a))</text>\n"
        }
        let sweep = e.curve.sorted { $0.costUSD < $1.costUSD }
        s += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"" + sweep.map { "\(x($0.costUSD)),\(y($0.accuracy))" }.joined(separator: " ") + "\"/>\n"
        s += "<polyline fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\" points=\"" + sweep.map { "\(x($0.costUSD)),\(y($0.randomAccuracyAtCost))" }.joined(separator: " ") + "\"/>\n"
        for b in e.baselines {
            s += "<circle cx=\"\(x(b.costUSD))\" cy=\"\(y(b.accuracy))\" r=\"3\" fill=\"#ff7f0e\"><title>\(esc(b.name))</title></circle>\n"
            s += "<text x=\"\(x(b.costUSD) + 5)\" y=\"\(y(b.accuracy) - 4)\" fill=\"#a0522d\" font-size=\"9\">\(esc(b.name))</text>\n"
        }
        for p in e.policies {
            s += "<rect x=\"\(x(p.costUSD) - 4)\" y=\"\(y(p.accuracy) - 4)\" width=\"8\" height=\"8\" fill=\"#2ca02c\"><title>\(esc(p.name))</title></rect>\n"
            s += "<text x=\"\(x(p.costUSD) + 6)\" y=\"\(y(p.accuracy) + 12)\" fill=\"#2ca02c\">\(esc(p.name))</text>\n"
        }
        s += "<polygon points=\"\(x(e.oracle.costUSD)),\(y(e.oracle.accuracy) - 6) \(x(e.oracle.costUSD) + 5),\(y(e.oracle.accuracy) + 4) \(x(e.oracle.costUSD) - 5),\(y(e.oracle.accuracy) + 4)\" fill=\"#d62728\"/>\n"
        s += "<text x=\"\(x(e.oracle.costUSD) + 8)\" y=\"\(y(e.oracle.accuracy) + 4)\" fill=\"#d62728\">oracle</text>\n"
        let lx = width - right + 15
        s += "<text x=\"\(lx)\" y=\"\(top + 10)\" fill=\"#1f77b4\">— band sweep</text>\n"
        s += "<text x=\"\(lx)\" y=\"\(top + 26)\" fill=\"#999\">- - random at matched cost</text>\n"
        s += "<text x=\"\(lx)\" y=\"\(top + 42)\" fill=\"#2ca02c\">■ policies</text>\n"
        s += "<text x=\"\(lx)\" y=\"\(top + 58)\" fill=\"#ff7f0e\">● single models</text>\n"
        s += "</svg>\n"
        return s
    }
}
