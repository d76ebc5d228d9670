import Histogram

/// One metric's values over a run: percentiles from an HDR histogram (microsecond resolution,
/// four significant digits, so 1.18 s is resolved to 64 µs), the mean, standard deviation,
/// minimum and maximum exactly.
public struct Distribution: Sendable {
    /// The percentiles every report shows.
    public static let percentiles: [Double] = [50, 90, 95, 99]

    private var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .four)
    public private(set) var count = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// Adds a value in milliseconds (or any unit: kept to 1/1000 of it).
    public mutating func add(_ value: Double) {
        guard value.isFinite, value >= 0 else { return }
        _ = histogram.record(UInt64((value * 1000).rounded()))
        count += 1
        sum += value
        sumOfSquares += value * value
        min = Swift.min(min, value)
        max = Swift.max(max, value)
    }

    public var isEmpty: Bool { count == 0 }
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    /// The population standard deviation (as vLLM reports it).
    public var standardDeviation: Double {
        guard count > 0 else { return 0 }
        return (Swift.max(0, sumOfSquares / Double(count) - mean * mean)).squareRoot()
    }

    /// The value at a percentile (0–100), from the histogram.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        if p >= 100 { return max }
        return Swift.min(max, Double(histogram.valueAtPercentile(p)) / 1000)
    }

    public var median: Double { percentile(50) }
}
