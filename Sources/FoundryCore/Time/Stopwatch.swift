/// Latency is measured on one monotonic clock, never wall time.
public struct Stopwatch: Sendable {
    public static let clock = ContinuousClock()
    public let start: ContinuousClock.Instant

    public init() { start = Self.clock.now }

    public var elapsed: Duration { Self.clock.now - start }

    /// Milliseconds since start.
    public var milliseconds: Double { elapsed.millisecondsDouble }
}
