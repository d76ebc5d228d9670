import FoundryCore
import Synchronization

/// What the requests of a phase have produced so far, shared by their tasks and the progress line.
final class RunCollector: Sendable {
    private struct State {
        var records: [RequestRecord] = []
        var errors = 0
        var policy = StopPolicy()
        var stop: ProviderError?
        /// Cancelled (Ctrl-C): requests that fail from now on were ended by it.
        var interrupted = false
    }

    private let state = Mutex(State())
    private let sentCount = Atomic<Int>(0)

    func sent() { sentCount.add(1, ordering: .relaxed) }

    /// Adds a finished request; returns the stop reason if this request made the run stop.
    func add(_ record: RequestRecord, error: ProviderError?) -> ProviderError? {
        state.withLock { s in
            if error?.isCancellation == true, s.stop != nil { return nil }  // ended by the early stop
            if error != nil, s.interrupted { return nil }  // ended by the interrupt
            s.records.append(record)
            if !record.ok { s.errors += 1 }
            guard s.stop == nil, let reason = s.policy.observe(error) else { return nil }
            s.stop = reason
            return reason
        }
    }

    /// The run is being interrupted: what fails from now on is not counted.
    func interrupt() { state.withLock { $0.interrupted = true } }

    var stopReason: ProviderError? { state.withLock { $0.stop } }

    var records: [RequestRecord] { state.withLock { $0.records }.sorted { $0.index < $1.index } }

    /// Requests sent, finished and failed so far.
    var counts: (sent: Int, done: Int, errors: Int) {
        let sent = sentCount.load(ordering: .relaxed)
        return state.withLock { (sent, $0.records.count, $0.errors) }
    }
}
