import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs work that Ctrl-C (SIGINT) cancels instead of killing the process, so files are finished
/// and what was done so far is reported before foundry exits with 130. A second Ctrl-C exits at
/// once with 130 (files are only ever renamed into place whole, so none is left half-written).
public enum Interruptible {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await run(work, presses: PressCount())
    }

    /// Like `run`, for work that does not report the interruption itself: after a Ctrl-C, whatever
    /// the work returned or threw, the result is `FoundryError.interrupted(message)` (exit 130).
    public static func run(reporting message: String, _ work: @escaping @Sendable () async throws -> Void) async throws {
        let presses = PressCount()
        do {
            try await run(work, presses: presses)
        } catch where presses.pressed {
            throw FoundryError.interrupted(message)
        }
        if presses.pressed { throw FoundryError.interrupted(message) }
    }

    private static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T, presses: PressCount) async throws -> T {
        let task = Task { try await work() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if presses.count.add(1, ordering: .relaxed).newValue > 1 { _exit(ExitStatus.interrupted) }
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await task.value
    }
}

private final class PressCount: Sendable {
    let count = Atomic<Int>(0)
    var pressed: Bool { count.load(ordering: .relaxed) > 0 }
}
