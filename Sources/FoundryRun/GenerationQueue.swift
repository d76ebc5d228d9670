/// One generation at a time on the one model: requests wait their turn in arrival order.
actor GenerationQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var waiting = 0

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        waiting += 1
        await withCheckedContinuation { waiters.append($0) }
        waiting -= 1
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
