/// How long a provider call may take at each stage.
public struct Timeouts: Sendable, Hashable {
    /// Establishing the TCP (and TLS) connection.
    public var connect: Duration
    /// From starting the request (connecting included) to receiving the response head.
    public var firstByte: Duration
    /// Longest silence while a response body streams.
    public var idle: Duration

    public init(connect: Duration = .seconds(10), firstByte: Duration = .seconds(60), idle: Duration = .seconds(120)) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
    }

    public static let `default` = Timeouts()
}

extension Duration {
    /// Whole milliseconds (rounded down).
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds as a floating-point number, for latency figures.
    public var millisecondsDouble: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
