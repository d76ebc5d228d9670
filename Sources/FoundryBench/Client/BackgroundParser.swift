import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Threads of the lowest scheduling priority (nice 19) that read responses after they arrived.
/// Parsing a burst of finished streams must never take the CPU from the event loops, whose
/// threads stamp the arrival of other responses still streaming; at nice 19 the kernel gives
/// these threads a core only when the event loops do not want it.
final class BackgroundParser: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)

    init(threads: Int) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in
                // On Linux a nice value belongs to a thread: 0 names the calling one.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                while true {
                    available.wait()
                    guard let job = queue.withLock({ $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }) else { continue }
                    job()
                }
            }
            thread.name = "bench-parse-\(index)"
            thread.start()
        }
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.withLock { $0.jobs.append { continuation.resume(returning: work()) } }
            available.signal()
        }
    }
}
