import Foundation
import FoundryCore
import Synchronization
#if canImport(Glibc)
import Glibc
import FoundryRouting
#endif

/// Appends `route serve`'s decision and usage records off the request path. A request hands
/// its records over (a copy, no encoding, no file lock); one background thread, at a lower CPU
/// priority than the threads that serve requests, encodes everything queued and appends it with
/// one locked write per log. `close()` writes what is still queued and stops the thread, so a
/// drained server leaves complete logs.
final class ServeLogWriter: Sendable {
    private enum Item: Sendable {
        case decision(Decision)
        case usage(UsageRecord)
    }

    private struct Queue {
        var items: [Item] = []
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let decisions: JSONLFile
    private let usage: JSONLFile
    /// Nice value of the writer thread (0 is the default, 19 the lowest priority).
    static let niceness: Int32 = 10

    /// Also receives every usage record (the shared store's usage log), when set.
    private let usageSink: (@Sendable (UsageRecord) -> Void)?
    /// Also receives every decision, as JSON, on the writer thread (the shared store's decision log).
    private let decisionSink: (@Sendable (String) -> Void)?

    init(decisions: JSONLFile, usage: JSONLFile, usageSink: (@Sendable (UsageRecord) -> Void)? = nil,
         decisionSink: (@Sendable (String) -> Void)? = nil) {
        self.decisions = decisions
        self.usage = usage
        self.usageSink = usageSink
        self.decisionSink = decisionSink
        let thread = Thread { [self] in run() }
        thread.name = "foundry-route-log"
        thread.start()
    }

    func append(_ decision: Decision) { enqueue([.decision(decision)]) }

    func append(_ decision: Decision, usage record: UsageRecord) {
        usageSink?(record)
        enqueue([.decision(decision), .usage(record)])
    }

    /// Writes everything queued, then stops the writer; later appends are written at once.
    func close() {
        let wasOpen = queue.withLock { q -> Bool in
            defer { q.closed = true }
            return !q.closed
        }
        guard wasOpen else { return }
        wake.signal()
        stopped.wait()
    }

    private func enqueue(_ items: [Item]) {
        let closed = queue.withLock { q -> Bool in
            if !q.closed { q.items += items }
            return q.closed
        }
        if closed { write(items) } else { wake.signal() }
    }

    private func run() {
        // Linux keeps the nice value per thread: this lowers only the writer.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
        while true {
            wake.wait()
            let (items, closed) = queue.withLock { q -> ([Item], Bool) in
                defer { q.items.removeAll(keepingCapacity: true) }
                return (q.items, q.closed)
            }
            write(items)
            if closed { break }
        }
        stopped.signal()
    }

    private func write(_ items: [Item]) {
        // Each decision is encoded once, for this machine's log and the store's.
        var decisionLines: [Data] = [], usageRecords: [UsageRecord] = []
        for item in items {
            switch item {
            case .decision(let d): decisionLines.append(JSONCoding.data(d))
            case .usage(let u): usageRecords.append(u)
            }
        }
        if let decisionSink { for line in decisionLines { decisionSink(String(decoding: line, as: UTF8.self)) } }
        // A log that cannot be written must not fail requests that already succeeded.
        try? decisions.append(lines: decisionLines)
        try? usage.append(contentsOf: usageRecords)
    }
}
