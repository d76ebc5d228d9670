import Foundation

/// Runs CPU-heavy test work (training, evaluating over whole datasets) on a thread of its own,
/// so it never starves Swift's cooperative pool, where other tests' loopback servers answer.
public enum OffPool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
