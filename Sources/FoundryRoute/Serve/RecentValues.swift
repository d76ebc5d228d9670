import FoundryRouting
/// The last `capacity` values appended, in a ring: appending is O(1), so a busy server does not
/// copy its whole sample window on every request.
struct RecentValues: Sendable {
    private var storage: [Double] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    mutating func append(_ value: Double) {
        if storage.count < capacity {
            storage.append(value)
        } else {
            storage[next] = value
        }
        next = (next + 1) % capacity
    }

    /// The kept values, oldest first.
    var values: [Double] {
        storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
    }
}
