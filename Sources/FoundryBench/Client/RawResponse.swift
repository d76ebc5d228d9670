import NIOCore

/// An HTTP response as it arrived: the instant the request was written, the status and headers
/// that matter, every piece of body with the instant it was read off the socket, and the end.
public struct RawResponse: Sendable {
    public struct Part: Sendable {
        public var arrived: ContinuousClock.Instant
        public var bytes: ByteBuffer

        public init(arrived: ContinuousClock.Instant, bytes: ByteBuffer) {
            self.arrived = arrived
            self.bytes = bytes
        }
    }

    public var sent: ContinuousClock.Instant
    public var status: Int = 0
    public var contentType: String?
    public var retryAfter: String?
    public var keepAlive = true
    public var parts: [Part] = []
    public var finished: ContinuousClock.Instant

    public init(sent: ContinuousClock.Instant, status: Int = 0, contentType: String? = nil, parts: [Part] = [], finished: ContinuousClock.Instant) {
        self.sent = sent
        self.status = status
        self.contentType = contentType
        self.parts = parts
        self.finished = finished
    }

    /// The whole body (for JSON answers and error documents).
    public var body: ByteBuffer {
        var all = ByteBuffer()
        for part in parts { all.writeImmutableBuffer(part.bytes) }
        return all
    }
}
