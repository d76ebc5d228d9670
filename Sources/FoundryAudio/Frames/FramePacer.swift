/// Releases frame n at start + (n+1) × 20 ms on the monotonic clock. Deadlines are absolute, so
/// time lost in one frame is not added to the next (no drift); the clock starts at the first frame.
struct FramePacer {
    private var start: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    mutating func wait(forFrame index: Int) async throws {
        let origin: ContinuousClock.Instant
        if let start {
            origin = start
        } else {
            origin = clock.now
            start = origin
        }
        let deadline = origin + ProtocolAudio.frameDuration * (index + 1)
        if deadline > clock.now {
            try await Task.sleep(until: deadline, tolerance: .microseconds(200), clock: clock)
        }
    }
}
