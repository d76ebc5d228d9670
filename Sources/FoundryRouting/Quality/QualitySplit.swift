import FoundryCore
/// The deterministic train / held-out split used by `route train` and `route eval`: each file's
/// rows are shuffled by a Fisher–Yates shuffle driven by SplitMix64, seeded with the seed mixed
/// with the FNV-1a hash of the file's base name (so a file splits the same way wherever it lives
/// and whatever other files come with it); the first `round(holdout × rows)` rows are held out.
public enum QualitySplit {
    public static func split(_ dataset: QualityDataset, holdout: Double, seed: UInt64) -> (train: [QualityRow], heldOut: [QualityRow]) {
        let order = permutation(count: dataset.rows.count, seed: fileSeed(seed, dataset.file))
        let held = heldOutCount(dataset.rows.count, holdout)
        let heldOut = order.prefix(held).sorted().map { dataset.rows[$0] }
        let train = order.dropFirst(held).sorted().map { dataset.rows[$0] }
        return (train, heldOut)
    }

    public static func heldOutCount(_ rows: Int, _ holdout: Double) -> Int {
        min(rows, max(0, Int((Double(rows) * holdout).rounded())))
    }

    /// A description for reports.
    public static func describe(holdout: Double, seed: UInt64) -> String {
        "held out \(Int((holdout * 100).rounded()))% of the rows of each file (seed \(seed); SplitMix64 Fisher-Yates shuffle seeded per file name); trained on the rest"
    }

    package static func fileSeed(_ seed: UInt64, _ file: String) -> UInt64 {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        var h = QualityFeatures.fnvBasis
        for b in name.utf8 { h = QualityFeatures.fnv(h, b) }
        return seed ^ h
    }

    package static func permutation(count: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        return order
    }
}

