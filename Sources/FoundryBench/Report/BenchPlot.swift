import Foundation
import FoundryCore

/// `--plot FILE.svg`: a self-contained SVG a browser shows: the cumulative distribution of each
/// latency metric (log-scaled when the values span more than a decade), and throughput over time.
enum BenchPlot {
    static let colours = ["ttft": "#1f77b4", "itl": "#2ca02c", "tpot": "#9467bd", "e2el": "#d62728"]
    static let titles = ["ttft": "TTFT", "itl": "ITL", "tpot": "TPOT", "e2el": "E2E"]

    static func svg(_ s: BenchSummary, records: [RequestRecord]) -> String {
        let width = 820.0, left = 70.0, right = 150.0, plotW = width - left - right
        let ok = records.filter(\.ok)
        let series: [(String, [Double])] = [
            ("ttft", ok.compactMap(\.ttftMs)), ("itl", ok.flatMap(\.itlMs)), ("tpot", ok.compactMap(\.tpotMs)), ("e2el", ok.map(\.e2elMs)),
        ].filter { !$0.1.isEmpty }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="760" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="24" font-size="14">\(esc(s.settings.target)): \(s.completed) requests, \(s.failed) failed, \(String(format: "%.2f", s.requestThroughput)) req/s</text>

            """
        out += cdfPanel(series, top: 50, height: 300, left: left, width: plotW)
        out += timelinePanel(s.timeline, top: 420, height: 280, left: left, width: plotW)
        out += "</svg>\n"
        return out
    }

    private static func cdfPanel(_ series: [(String, [Double])], top: Double, height: Double, left: Double, width: Double) -> String {
        var out = "<text x=\"\(left)\" y=\"\(top - 8)\" font-size=\"13\">Latency: cumulative distribution</text>\n"
        out += axes(top: top, height: height, left: left, width: width)
        let all = series.flatMap(\.1).filter { $0 > 0 }
        guard let lo = all.min(), let hi = all.max() else { return out + "<text x=\"\(left + 10)\" y=\"\(top + 20)\">no successful requests</text>\n" }
        let logScale = hi / lo > 20
        let xMin = logScale ? log10(lo) : 0, xMax = logScale ? log10(hi) : hi * 1.05
        func x(_ v: Double) -> Double {
            let t = logScale ? (log10(max(v, lo)) - xMin) / max(xMax - xMin, 1e-9) : v / max(xMax, 1e-9)
            return left + t * width
        }
        func y(_ p: Double) -> Double { top + (1 - p) * height }
        for i in 0...4 {
            let p = Double(i) / 4
            out += "<text x=\"\(left - 6)\" y=\"\(y(p) + 4)\" text-anchor=\"end\">\(Int(p * 100))%</text>\n"
            out += "<line x1=\"\(left)\" y1=\"\(y(p))\" x2=\"\(left + width)\" y2=\"\(y(p))\" stroke=\"#eee\"/>\n"
        }
        for tick in ticks(lo: logScale ? lo : 0, hi: logScale ? hi : xMax, log: logScale) {
            out += "<text x=\"\(x(tick))\" y=\"\(top + height + 16)\" text-anchor=\"middle\">\(label(tick))</text>\n"
            out += "<line x1=\"\(x(tick))\" y1=\"\(top)\" x2=\"\(x(tick))\" y2=\"\(top + height)\" stroke=\"#eee\"/>\n"
        }
        out += "<text x=\"\(left + width / 2)\" y=\"\(top + height + 34)\" text-anchor=\"middle\">milliseconds\(logScale ? " (log scale)" : "")</text>\n"
        for (index, (name, values)) in series.enumerated() {
            let sorted = values.sorted()
            let step = max(1, sorted.count / 400)
            var points = [String(format: "%.1f,%.1f", x(sorted[0]), y(0))]
            for i in stride(from: 0, to: sorted.count, by: step) + [sorted.count - 1] {
                points.append(String(format: "%.1f,%.1f", x(sorted[i]), y(Double(i + 1) / Double(sorted.count))))
            }
            let colour = colours[name] ?? "#333"
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            out += "<text x=\"\(left + width + 14)\" y=\"\(top + 14 + Double(index) * 16)\" fill=\"\(colour)\">— \(titles[name] ?? name) (\(sorted.count))</text>\n"
        }
        return out
    }

    private static func timelinePanel(_ points: [BenchSummary.TimelinePoint], top: Double, height: Double, left: Double, width: Double) -> String {
        var out = "<text x=\"\(left)\" y=\"\(top - 8)\" font-size=\"13\">Throughput over time</text>\n"
        out += axes(top: top, height: height, left: left, width: width)
        guard let last = points.last else { return out }
        let span = max(last.startS + (points.count > 1 ? points[1].startS - points[0].startS : 1), 1e-9)

        let maxRequests = max(points.map(\.requestsPerS).max() ?? 1, 1e-9) * 1.1
        let maxTokens = max(points.map(\.outputTokensPerS).max() ?? 1, 1e-9) * 1.1
        func x(_ t: Double) -> Double { left + t / span * width }
        func yr(_ v: Double) -> Double { top + (1 - v / maxRequests) * height }
        func yt(_ v: Double) -> Double { top + (1 - v / maxTokens) * height }
        for i in 0...4 {
            let f = Double(i) / 4
            out += "<text x=\"\(left - 6)\" y=\"\(yr(maxRequests * f) + 4)\" text-anchor=\"end\" fill=\"#1f77b4\">\(label(maxRequests * f))</text>\n"
            out += "<text x=\"\(left + width + 6)\" y=\"\(yt(maxTokens * f) + 4)\" fill=\"#ff7f0e\">\(label(maxTokens * f))</text>\n"
            out += "<text x=\"\(x(span * f))\" y=\"\(top + height + 16)\" text-anchor=\"middle\">\(label(span * f)) s</text>\n"
        }
        let step = points.count > 1 ? points[1].startS - points[0].startS : span
        let half = step / 2
        // Steps: each interval's value held across the interval, so even one interval shows.
        func steps(_ value: (BenchSummary.TimelinePoint) -> Double, _ y: (Double) -> Double) -> String {
            points.map { p in
                String(format: "%.1f,%.1f %.1f,%.1f", x(p.startS), y(value(p)), x(min(p.startS + step, span)), y(value(p)))
            }.joined(separator: " ")
        }
        out += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"\(steps(\.requestsPerS, yr))\"/>\n"
        out += "<polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"\(steps(\.outputTokensPerS, yt))\"/>\n"
        for p in points where p.errors > 0 {
            out += "<circle cx=\"\(x(p.startS + half))\" cy=\"\(top + height - 4)\" r=\"3\" fill=\"#d62728\"><title>\(p.errors) errors</title></circle>\n"
        }
        out += "<text x=\"\(left + 6)\" y=\"\(top + height + 34)\" fill=\"#1f77b4\">— requests/s (left)</text>\n"
        out += "<text x=\"\(left + 160)\" y=\"\(top + height + 34)\" fill=\"#ff7f0e\">- - output tokens/s (right)</text>\n"
        out += "<text x=\"\(left + 340)\" y=\"\(top + height + 34)\" fill=\"#d62728\">● errors</text>\n"
        return out
    }

    private static func axes(top: Double, height: Double, left: Double, width: Double) -> String {
        "<line x1=\"\(left)\" y1=\"\(top + height)\" x2=\"\(left + width)\" y2=\"\(top + height)\" stroke=\"black\"/>\n"
            + "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + height)\" stroke=\"black\"/>\n"
    }

    static func ticks(lo: Double, hi: Double, log: Bool) -> [Double] {
        if log {
            var out: [Double] = []
            var decade = pow(10, floor(log10(lo)))
            while decade <= hi {
                for m in [1.0, 2, 5] where decade * m >= lo && decade * m <= hi { out.append(decade * m) }
                decade *= 10
            }
            return out
        }
        return (0...5).map { hi * Double($0) / 5 }
    }

    static func label(_ v: Double) -> String {
        v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2g", v)
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
