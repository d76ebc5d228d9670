import Foundation

/// The cancel flag of one running call, set from any thread, read by curl's progress callback.
final class CallToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false  // guarded by lock

    var isCancelled: Bool { lock.withLock { cancelled } }
    func cancel() { lock.withLock { cancelled = true } }
}

/// The running chat calls by call id, so `cancel(call_id)` from any thread can reach them.
/// A cancel for an id that is not running is remembered in a small ring, so one that races
/// ahead of its call's registration is still honoured.
final class CallRegistry: @unchecked Sendable {
    static let shared = CallRegistry()

    private let lock = NSLock()
    private var running: [UInt64: CallToken] = [:]  // guarded by lock
    private var early: [UInt64] = []                // guarded by lock
    private let earlyLimit = 64

    func register(_ id: UInt64) -> CallToken {
        let token = CallToken()
        lock.withLock {
            if let index = early.firstIndex(of: id) {
                early.remove(at: index)
                token.cancel()
            }
            running[id] = token
        }
        return token
    }

    func unregister(_ id: UInt64) {
        lock.withLock { _ = running.removeValue(forKey: id) }
    }

    func cancel(_ id: UInt64) {
        lock.withLock {
            if let token = running[id] {
                token.cancel()
            } else {
                if early.count == earlyLimit { early.removeFirst() }
                early.append(id)
            }
        }
    }
}
