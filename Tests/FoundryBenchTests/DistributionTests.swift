import FoundryBench
import Testing

@Suite("HDR distributions")
struct DistributionTests {
    @Test("percentiles agree with the sorted values within the histogram's resolution")
    func percentiles() {
        var random = SystemRandomNumberGenerator()
        let values = (0..<10_000).map { _ in Double.random(in: 1...2000, using: &random) }
        let d = Distribution(values)
        let sorted = values.sorted()
        for p in [50.0, 90, 95, 99] {
            let exact = sorted[Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1]
            #expect(abs(d.percentile(p) - exact) <= exact * 0.0002 + 0.001, "p\(p): \(d.percentile(p)) vs \(exact)")
        }
        #expect(d.max == sorted.last!)
        #expect(d.min == sorted.first!)
        #expect(abs(d.mean - values.reduce(0, +) / Double(values.count)) < 1e-6)
    }

    @Test("1,180 ms is resolved to better than 0.1 ms; mean and population deviation are exact")
    func resolution() {
        let d = Distribution([1180.0, 1180.0, 1180.0])
        #expect(abs(d.median - 1180) < 0.1)
        let spread = Distribution([10, 20, 30, 40])
        #expect(spread.mean == 25)
        #expect(abs(spread.standardDeviation - 11.180339887) < 1e-6)
        #expect(Distribution().isEmpty && Distribution().median == 0)
    }
}
