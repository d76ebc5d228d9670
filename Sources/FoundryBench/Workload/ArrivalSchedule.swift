import FoundryCore
import Foundation

/// When requests are sent: as fast as the concurrency allows, or at a mean rate with gaps drawn
/// from a gamma distribution (shape = burstiness; 1 is a Poisson process, below 1 burstier,
/// above 1 more regular), reproducible from a seed.
public struct ArrivalSchedule: Sendable {
    public let rate: Double?
    public let burstiness: Double
    private var random: SplitMix64

    public init(rate: Double?, burstiness: Double = 1, seed: UInt64) {
        self.rate = rate
        self.burstiness = burstiness
        random = SplitMix64(seed: seed ^ 0xA5A5_5A5A_0F0F_F0F0)
    }

    /// The gap before the next request, in seconds (0 without a rate).
    public mutating func nextGap() -> Double {
        guard let rate, rate.isFinite, rate > 0 else { return 0 }
        // Gamma(shape k, scale θ) with mean kθ = 1/rate.
        let theta = 1 / (rate * burstiness)
        return gamma(shape: burstiness) * theta
    }

    /// A uniform number in (0, 1).
    private mutating func uniform() -> Double {
        (Double(random.next() >> 11) + 0.5) / Double(1 << 53)
    }

    private mutating func normal() -> Double {
        // Box–Muller.
        let u1 = uniform(), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Marsaglia and Tsang's method (2000); shapes below 1 by boosting with U^(1/k).
    private mutating func gamma(shape k: Double) -> Double {
        if k < 1 { return gamma(shape: k + 1) * pow(uniform(), 1 / k) }
        let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }
}
