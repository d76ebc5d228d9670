import Foundation

/// A price in USD per million tokens for tables: "0" when free, three decimals under $0.10,
/// two above (the way `foundry models` and `foundry cost` show prices).
public enum PriceText {
    public static func perMillion(_ usd: Double?) -> String {
        guard let usd else { return "-" }
        if usd == 0 { return "0" }
        return usd < 0.1 ? String(format: "%.3f", usd) : String(format: "%.2f", usd)
    }
}
