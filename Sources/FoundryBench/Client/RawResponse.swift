import Foundation
import NIOCore
import NIOHTTP1

/// An HTTP response as it arrived: the instant the request was written, the status and headers,
/// every piece of body with the instant it was read off the socket, and the end. The headers are
/// kept as the decoder handed them over and read only after the response ended, off the event loop.
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
    public var headers = HTTPHeaders()
    public var keepAlive = true
    public var parts: [Part] = []
    public var finished: ContinuousClock.Instant

    public init(sent: ContinuousClock.Instant, status: Int = 0, contentType: String? = nil, parts: [Part] = [], finished: ContinuousClock.Instant) {
        self.sent = sent
        self.status = status
        if let contentType { headers.add(name: "content-type", value: contentType) }
        self.parts = parts
        self.finished = finished
    }

    public var contentType: String? { headers.first(name: "content-type") }

    /// The whole body (for JSON answers and error documents).
    public var body: Data {
        var all = Data()
        for part in parts { all.append(contentsOf: part.bytes.readableBytesView) }
        return all
    }
}
