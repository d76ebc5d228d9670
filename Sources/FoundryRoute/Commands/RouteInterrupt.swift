import Dispatch
import FoundryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) during `foundry route`: cancels the request instead of killing the process,
/// so the stream stops, the decision reaches the log with its attempts, and foundry exits 130
/// with one line saying so. (The same pattern as FoundryVoice's `Interruptible`.)
enum RouteInterrupt {
    static func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await work() }
        let interrupted = Mutex(false)
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            interrupted.withLock { $0 = true }
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        do {
            try await task.value
        } catch {
            if interrupted.withLock({ $0 }) { throw FoundryError.interrupted("interrupted (Ctrl-C); the decision and its attempts are in the decision log") }
            throw error
        }
        if interrupted.withLock({ $0 }) { throw FoundryError.interrupted("interrupted (Ctrl-C)") }
    }
}
