import Foundation

/// Amounts admitted in the last `length` seconds (requests, or tokens), exact: every admission
/// is kept until it leaves the window. An admission's amount can be corrected once its real
/// size is known (tokens reserved at the worst case, then settled).
package struct SlidingWindow: Sendable {
    private var entries: [(id: Int, time: Double, amount: Double)] = []
    private var head = 0
    package private(set) var total: Double = 0

    package init() {}

    package mutating func trim(now: Double, length: Double) {
        while head < entries.count, entries[head].time <= now - length {
            total -= entries[head].amount
            head += 1
        }
        if head > 1024, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        if head == entries.count { total = 0 }
    }

    package mutating func add(id: Int, time: Double, amount: Double) {
        entries.append((id, time, amount))
        total += amount
    }

    /// Sets the amount of admission `id`, if it is still in the window.
    package mutating func correct(id: Int, amount: Double) {
        guard let i = entries[head...].firstIndex(where: { $0.id == id }) else { return }
        total += amount - entries[i].amount
        entries[i].amount = amount
    }

    /// Seconds until enough leaves the window for `needed` more to fit under `limit`.
    package func wait(forRoom needed: Double, limit: Double, now: Double, length: Double) -> Double {
        var excess = total + needed - limit
        guard excess > 0 else { return 0 }
        for entry in entries[head...] {
            excess -= entry.amount
            if excess <= 0 { return max(0, entry.time + length - now) }
        }
        return length
    }

    /// Seconds until the oldest admission leaves (when the window is full again at the earliest).
    package func reset(now: Double, length: Double) -> Double {
        head < entries.count ? max(0, entries[head].time + length - now) : 0
    }
}
