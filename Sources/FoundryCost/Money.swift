import Foundation

/// How costs are rounded, stated once: JSON carries USD with 6 significant digits, tables show
/// dollars and cents; an amount under a cent shows two significant digits ("$0.0012"), so rows
/// of small requests can still be compared and none reads as a misleading $0.00.
enum Money {
    static func json(_ usd: Double) -> Double {
        guard usd != 0, usd.isFinite else { return 0 }
        return Double(String(format: "%.6g", usd)) ?? usd
    }

    static func table(_ usd: Double) -> String {
        if usd == 0 { return "$0.00" }
        if abs(usd) < 0.01 {
            let decimals = min(12, max(3, 1 - Int(log10(abs(usd)).rounded(.down))))
            return (usd < 0 ? "-$" : "$") + String(format: "%.\(decimals)f", abs(usd))
        }
        let cents = (abs(usd) * 100).rounded()
        let whole = Int(cents / 100)
        let grouped = NumberFormatter.localizedString(from: NSNumber(value: whole), number: .decimal)
            .replacingOccurrences(of: "\u{202F}", with: ",").replacingOccurrences(of: "\u{A0}", with: ",")
        return (usd < 0 ? "-$" : "$") + grouped + String(format: ".%02d", Int(cents) % 100)
    }

}

/// Integer token counts with thousands separators for tables.
enum Count {
    static func text(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}
