import FoundryBench
import Testing

@Suite("arrivals")
struct ArrivalScheduleTests {
    func gaps(rate: Double?, burstiness: Double, seed: UInt64, count: Int = 20_000) -> [Double] {
        var schedule = ArrivalSchedule(rate: rate, burstiness: burstiness, seed: seed)
        return (0..<count).map { _ in schedule.nextGap() }
    }

    func meanAndCV(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot() / mean)
    }

    @Test("Poisson arrivals: exponential gaps with mean 1/rate and coefficient of variation 1")
    func poisson() {
        let (mean, cv) = meanAndCV(gaps(rate: 50, burstiness: 1, seed: 7))
        #expect(abs(mean - 0.02) < 0.0006)
        #expect(abs(cv - 1) < 0.03)
    }

    @Test("burstiness is the gamma shape: CV = 1/sqrt(shape) at the same mean rate")
    func gamma() {
        let (steadyMean, steadyCV) = meanAndCV(gaps(rate: 50, burstiness: 4, seed: 1))
        #expect(abs(steadyMean - 0.02) < 0.0006)
        #expect(abs(steadyCV - 0.5) < 0.02)
        let (burstyMean, burstyCV) = meanAndCV(gaps(rate: 50, burstiness: 0.25, seed: 1))
        #expect(abs(burstyMean - 0.02) < 0.002)
        #expect(abs(burstyCV - 2) < 0.15)
    }

    @Test("the same seed gives the same arrivals; another seed does not; no rate sends at once")
    func seeded() {
        #expect(gaps(rate: 10, burstiness: 1, seed: 3, count: 50) == gaps(rate: 10, burstiness: 1, seed: 3, count: 50))
        #expect(gaps(rate: 10, burstiness: 1, seed: 3, count: 50) != gaps(rate: 10, burstiness: 1, seed: 4, count: 50))
        #expect(gaps(rate: nil, burstiness: 1, seed: 3, count: 5) == [0, 0, 0, 0, 0])
    }
}
