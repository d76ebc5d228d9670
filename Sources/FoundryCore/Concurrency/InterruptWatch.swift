import Dispatch
import Foundation
import Synchronization

/// Notes whether SIGINT arrived while a server ran, so that a server stopped with Ctrl-C drains
/// (the service group's graceful shutdown does that) and then exits 130 like every other
/// interrupted command, while SIGTERM still exits 0. It only watches: the shutdown itself is the
/// service group's.
public final class InterruptWatch: Sendable {
    private let seen = Atomic<Bool>(false)
    private nonisolated(unsafe) let source: any DispatchSourceSignal

    public init() {
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in seen.store(true, ordering: .relaxed) }  // a cycle until finish() cancels
        source.resume()
    }

    /// True once SIGINT has arrived.
    public var interrupted: Bool { seen.load(ordering: .relaxed) }

    /// Throws exit 130 with `message` when SIGINT stopped the server.
    public func finish(_ message: String) throws {
        source.cancel()
        if interrupted { throw FoundryError.interrupted(message) }
    }
}
