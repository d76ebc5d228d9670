import Foundation

/// The times foundry writes into its logs and records: ISO 8601 in UTC with milliseconds,
/// `2026-11-21T12:00:53.123Z`, the shape `ISO8601DateFormatter` gives with
/// `[.withInternetDateTime, .withFractionalSeconds]`.
///
/// Formatting is done by hand: creating an `ISO8601DateFormatter` (an ICU calendar underneath)
/// costs tens of microseconds, and `route serve` stamps every request.
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        // Rounded to the nearest millisecond, as Foundation does.
        let milliseconds = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        // Foundation switches to the Julian calendar before the Gregorian reform (1582); such
        // dates, and those after year 9999, take the slow path.
        guard milliseconds.isFinite, milliseconds >= gregorianFrom, milliseconds < 253_402_300_800_000 else { return formatted(date) }
        let total = Int64(milliseconds)
        let (days, msOfDay) = floorDivide(total, 86_400_000)
        let (year, month, day) = civil(daysSinceEpoch: days)
        let seconds = msOfDay / 1000
        var out = [UInt8]()
        out.reserveCapacity(24)
        func put(_ value: Int64, _ width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            out += digits
        }
        put(year, 4); out.append(0x2D)
        put(month, 2); out.append(0x2D)
        put(day, 2); out.append(0x54)
        put(seconds / 3600, 2); out.append(0x3A)
        put(seconds / 60 % 60, 2); out.append(0x3A)
        put(seconds % 60, 2); out.append(0x2E)
        put(msOfDay % 1000, 3); out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// 1583-01-01T00:00:00Z in milliseconds since 1970.
    static let gregorianFrom: Double = -12_212_553_600_000

    public static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    /// The UTC calendar day of a date, YYYY-MM-DD.
    public static func day(_ date: Date) -> String { String(iso8601(date).prefix(10)) }

    /// The slow, general path (dates before 1583 or after 9999).
    static func formatted(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Proleptic Gregorian year, month and day of a day count from 1970-01-01 (the
    /// days-from-civil inverse, H. Hinnant's algorithm).
    static func civil(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
