/// How requests are sent: how many (or for how long), how many at once, at what rate.
public struct LoadPlan: Sendable {
    /// Measured requests; nil when the run is bounded by `duration`.
    public var requests: Int?
    public var duration: Duration?
    /// Most requests in flight at once.
    public var concurrency: Int
    /// Mean arrival rate, requests per second; nil sends as fast as the concurrency allows.
    public var rate: Double?
    /// Shape of the gamma distribution of gaps between arrivals (1: Poisson).
    public var burstiness: Double
    /// Requests sent before measuring, left out of every statistic.
    public var warmup: Int
    public var seed: UInt64

    public init(requests: Int?, duration: Duration? = nil, concurrency: Int, rate: Double? = nil, burstiness: Double = 1,
                warmup: Int = 0, seed: UInt64 = 0) {
        self.requests = requests
        self.duration = duration
        self.concurrency = concurrency
        self.rate = rate
        self.burstiness = burstiness
        self.warmup = warmup
        self.seed = seed
    }
}
