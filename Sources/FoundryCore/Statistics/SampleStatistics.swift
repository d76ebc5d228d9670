/// Order statistics of a list of samples: the one definition behind every percentile and median
/// foundry computes from raw samples (route's latency predictions, voice's summaries, the
/// benchmarks). bench's load figures come from HDR histograms instead (`Distribution`).
public enum SampleStatistics {
    /// The percentile `p` (0–100) by nearest rank: the smallest sample such that at least p% of
    /// the samples are at or below it; nil without samples.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The median: the middle sample, or the mean of the two middle ones; nil without samples.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
