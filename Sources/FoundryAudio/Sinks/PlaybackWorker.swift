import Foundation
import FoundryCore
import Synchronization

/// The playback thread and the queue it shares with `PlaybackSink`. The device is opened
/// non-blocking and touched only by this thread; the queue, the counters and the requests
/// (interrupt, finish, close) are shared under one lock.
final class PlaybackWorker: @unchecked Sendable {
    // The device: used by the playback thread only.
    private let pcm: ALSAPCM

    private struct Shared {
        var queue: [Int16] = []
        var head = 0
        var queuedSinceReset = 0
        var handedSinceReset = 0
        var deviceDelay = 0
        var interrupts: [CheckedContinuation<Int, Never>] = []
        var finishers: [CheckedContinuation<Void, any Error>] = []
        var closing = false
        var closed = false
        var failure: FoundryError?
    }
    private let shared = Mutex(Shared())
    private let wake = DispatchSemaphore(value: 0)

    init(pcm: ALSAPCM) { self.pcm = pcm }

    func counters() -> (queued: Int, played: Int) {
        shared.withLock { ($0.queuedSinceReset, max(0, $0.handedSinceReset - $0.deviceDelay)) }
    }

    func enqueue(_ body: (inout [Int16]) -> Void) throws {
        try shared.withLock { state in
            if let failure = state.failure { throw failure }
            guard !state.closing && !state.closed else {
                throw FoundryError.failure("cannot play more audio: playback is finished")
            }
            if state.head > 0 && state.head * 2 >= state.queue.count {
                state.queue.removeSubrange(0..<state.head)
                state.head = 0
            }
            let start = state.queue.count
            body(&state.queue)
            state.queuedSinceReset += state.queue.count - start
        }
        wake.signal()
    }

    func interrupt() async -> Int {
        await withCheckedContinuation { continuation in
            let done: Bool = shared.withLock { state in
                if state.closed { return true }
                state.interrupts.append(continuation)
                return false
            }
            if done { continuation.resume(returning: 0) } else { wake.signal() }
        }
    }

    func finish() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result: Result<Void, FoundryError>? = shared.withLock { state in
                if let failure = state.failure { return .failure(failure) }
                if state.closed { return .success(()) }
                state.closing = true
                state.finishers.append(continuation)
                return nil
            }
            if let result { continuation.resume(with: result) } else { wake.signal() }
        }
    }

    /// Stops the thread without playing the rest (the sink was dropped).
    func close() {
        shared.withLock { $0.closed = true }
        wake.signal()
    }

    func run() {
        let period = max(pcm.periodFrames, 120)
        var chunk = [Int16](repeating: 0, count: period)
        defer { pcm.close() }
        while true {
            // Requests first: an interrupt is served before another sample reaches the device.
            let (interrupts, closed) = shared.withLock { state -> ([CheckedContinuation<Int, Never>], Bool) in
                let waiting = state.interrupts
                state.interrupts.removeAll()
                return (waiting, state.closed)
            }
            if !interrupts.isEmpty {
                let delay = pcm.delay()
                pcm.drop()
                let played = shared.withLock { state -> Int in
                    let played = max(0, state.handedSinceReset - delay)
                    state.queue.removeAll(keepingCapacity: true)
                    state.head = 0
                    state.queuedSinceReset = 0
                    state.handedSinceReset = 0
                    state.deviceDelay = 0
                    return played
                }
                for continuation in interrupts { continuation.resume(returning: played) }
            }
            if closed {
                end(with: .success(()))
                return
            }

            // Hand the device as much queued audio as it takes without blocking.
            var delay = 0
            let room = pcm.available() ?? period
            let (count, closing) = shared.withLock { state -> (Int, Bool) in
                let count = min(state.queue.count - state.head, room, chunk.count)
                for index in 0..<count { chunk[index] = state.queue[state.head + index] }
                return (count, state.closing)
            }
            if count > 0 {
                do {
                    let taken = try chunk.withUnsafeBufferPointer { try pcm.write(UnsafeBufferPointer(rebasing: $0[0..<count])) }
                    delay = pcm.delay()
                    shared.withLock { state in
                        state.head += taken
                        state.handedSinceReset += taken
                        state.deviceDelay = delay
                    }
                    if taken > 0 { continue }
                } catch let error as FoundryError {
                    end(with: .failure(error))
                    return
                } catch {
                    end(with: .failure(FoundryError.failure("playback on ALSA device '\(pcm.device)' failed: \(error)")))
                    return
                }
            } else {
                delay = pcm.delay()
                shared.withLock { $0.deviceDelay = delay }
                if closing {
                    pcm.drain()
                    shared.withLock { state in
                        state.deviceDelay = 0
                        state.closed = true
                    }
                    end(with: .success(()))
                    return
                }
            }
            // Sleep until the device has room or someone writes or asks something: at most 5 ms
            // while audio plays (the played count stays fresh), 100 ms when all is quiet.
            if count > 0 {
                pcm.wait(milliseconds: 5)
            } else {
                _ = wake.wait(timeout: .now() + .milliseconds(delay > 0 ? 5 : 100))
            }
        }
    }

    /// Closes for good (with the failure, if any, that later calls report) and resumes everyone waiting.
    private func end(with result: Result<Void, FoundryError>) {
        let (finishers, interrupts) = shared.withLock { state in
            if case .failure(let error) = result { state.failure = error }
            state.closed = true
            defer {
                state.finishers.removeAll()
                state.interrupts.removeAll()
            }
            return (state.finishers, state.interrupts)
        }
        for continuation in finishers { continuation.resume(with: result.mapError { $0 as any Error }) }
        for continuation in interrupts { continuation.resume(returning: 0) }
    }
}
