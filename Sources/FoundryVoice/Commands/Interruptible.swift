import Dispatch
import FoundryCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs work that Ctrl-C (SIGINT) cancels instead of killing the process, so files are finished
/// and the turns so far are reported before foundry exits with 130.
enum Interruptible {
    static func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await work() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        try await task.value
    }
}
