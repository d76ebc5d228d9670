import Foundation

/// Runs CPU-bound work (training, replaying whole datasets) on a thread of its own, so it never
/// starves Swift's cooperative pool, where servers and streams are running.
public enum OffPool {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
