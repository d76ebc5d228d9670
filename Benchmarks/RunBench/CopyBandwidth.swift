import Foundation

/// This machine's memory copy bandwidth: `threads` threads each copy their share of a 1 GiB
/// buffer (far larger than any cache) into another; the best of five passes, in bytes copied
/// per second.
enum CopyBandwidth {
    static func measure(threads: Int, bytes: Int = 1 << 30) -> Double {
        let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        let destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        defer { source.deallocate(); destination.deallocate() }
        memset(source, 1, bytes)
        memset(destination, 2, bytes)
        let share = bytes / threads
        // Addresses cross into the concurrent closure as integers (the buffers outlive it).
        let from = UInt(bitPattern: source), to = UInt(bitPattern: destination)
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            DispatchQueue.concurrentPerform(iterations: threads) { i in
                memcpy(UnsafeMutableRawPointer(bitPattern: to + UInt(i * share))!, UnsafeRawPointer(bitPattern: from + UInt(i * share))!, share)
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        return Double(share * threads) / best
    }
}
