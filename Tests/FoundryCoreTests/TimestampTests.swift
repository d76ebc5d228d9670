import Foundation
import FoundryCore
import Testing

@Suite("Timestamps")
struct TimestampTests {
    /// Foundation's formatter is the reference: the hand-written one must print the same text.
    static func reference(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    @Test("iso8601 prints what ISO8601DateFormatter prints, across eras, leap days and millisecond edges")
    func matchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
                             Date(timeIntervalSince1970: 4_107_542_399.999), Date(timeIntervalSince1970: -62_135_596_800),  // 0001-01-01
                             Date(timeIntervalSince1970: 1_763_726_453.123_999), Date()]
        for _ in 0..<2000 { dates.append(Date(timeIntervalSince1970: Double.random(in: -60_000_000_000...250_000_000_000, using: &generator))) }
        for date in dates {
            #expect(Timestamp.iso8601(date) == Self.reference(date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("day is the UTC calendar day, and parse reads back what iso8601 wrote")
    func dayAndParse() throws {
        let date = Date(timeIntervalSince1970: 1_763_726_453.5)
        #expect(Timestamp.day(date) == "2025-11-21")
        #expect(Timestamp.iso8601(date) == "2025-11-21T12:00:53.500Z")
        let parsed = try #require(Timestamp.parse(Timestamp.iso8601(date)))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
    }
}
