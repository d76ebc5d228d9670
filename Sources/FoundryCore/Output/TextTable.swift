/// A plain-text table for people: left-aligned text, right-aligned numbers, columns sized to
/// their content, and the widest text column shortened when the terminal is too narrow.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public let headers: [String]
    public let alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func add(_ row: [String]) {
        precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
        rows.append(row)
    }

    public func render(width maxWidth: Int = Int.max) -> String {
        var widths = headers.indices.map { c in max(headers[c].count, rows.map { $0[c].count }.max() ?? 0) }
        let gap = 2
        var total = widths.reduce(0, +) + gap * (widths.count - 1)
        // Shrink the widest left-aligned columns until the table fits (never below 8).
        while total > maxWidth {
            guard let c = widths.indices.filter({ alignments[$0] == .left && widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
            total -= 1
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (c, cell) in cells.enumerated() {
                var text = cell
                if text.count > widths[c] { text = String(text.prefix(widths[c] - 1)) + "…" }
                let pad = String(repeating: " ", count: widths[c] - text.count)
                let last = c == cells.count - 1
                parts.append(alignments[c] == .right ? pad + text : (last ? text : text + pad))
            }
            return parts.joined(separator: String(repeating: " ", count: gap))
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
