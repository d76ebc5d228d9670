import FoundryCore
import Hummingbird
import NIOCore

/// The largest request body `route serve` and `run serve` read: 16 MiB. A larger one is refused
/// with 413 (`RequestBodyLimit.tooLarge`), never read further.
package enum RequestBodyLimit {
    package static let bytes = 16 << 20

    /// The whole body of `request`, or `HTTPError(.contentTooLarge)` when it is over the limit.
    package static func collect(_ request: Request) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: bytes) } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    package static var tooLarge: HTTPError {
        HTTPError(.contentTooLarge, message: "the request body is larger than \(bytes >> 20) MiB, this server's limit")
    }
}
