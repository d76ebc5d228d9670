import Foundation

/// A hard spending limit per calendar period (UTC): `50/day`, `200/week` (weeks start on
/// Monday), `1000/month`. Spend is priced from the catalog and `[overrides]`, as `cost` prices it.
public struct BudgetLimit: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Period: String, Codable, Sendable, CaseIterable { case day, week, month }

    public var amountUSD: Double
    public var period: Period

    enum CodingKeys: String, CodingKey { case amountUSD = "amount_usd", period }

    public init(amountUSD: Double, period: Period) {
        self.amountUSD = amountUSD
        self.period = period
    }

    /// Parses `USD/period`; a bare amount means per day.
    public init(parsing text: String, flag: String = "--budget") throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let amount = Double(parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "$ "))),
              amount.isFinite, amount >= 0 else {
            throw GatewayError.invalid("\(flag) '\(text)': expected an amount in USD and a period, such as 50/day, 200/week or 1000/month")
        }
        let periodText = parts.count == 2 ? parts[1] : "day"
        guard let period = Period(rawValue: periodText) else {
            throw GatewayError.invalid("\(flag) '\(text)': unknown period '\(periodText)' (day, week or month)")
        }
        self.init(amountUSD: amount, period: period)
    }

    public var description: String { String(format: "$%.2f/%@", amountUSD, period.rawValue) }

    /// The start of the period that holds `date` (UTC).
    public func periodStart(containing date: Date) -> Date { period.start(containing: date) }
}

extension BudgetLimit.Period {
    static let utc: Calendar = {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    public func start(containing date: Date) -> Date {
        let c = Self.utc
        switch self {
        case .day: return c.startOfDay(for: date)
        case .week: return c.dateInterval(of: .weekOfYear, for: date)!.start
        case .month: return c.dateInterval(of: .month, for: date)!.start
        }
    }

    /// The start of the next period: when a refused budget frees up (`Retry-After`).
    public func end(containing date: Date) -> Date {
        let c = Self.utc
        switch self {
        case .day: return c.date(byAdding: .day, value: 1, to: start(containing: date))!
        case .week: return c.date(byAdding: .day, value: 7, to: start(containing: date))!
        case .month: return c.date(byAdding: .month, value: 1, to: start(containing: date))!
        }
    }
}
