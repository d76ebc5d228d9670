import Foundation
import FoundryCore

/// Captures from an ALSA device on a thread of its own (ALSA reads block) and hands 20 ms frames
/// of 24 kHz mono to the consumer through a bounded buffer of 10 s. When the consumer falls that
/// far behind, the capture thread waits (a real device then overruns and ALSA drops audio; a
/// device that is not paced by a clock, like a file, simply waits for the consumer).
final class CaptureFrameProducer: FrameProducer {
    private var iterator: AsyncThrowingStream<AudioFrame, any Error>.AsyncIterator
    private let stopRequested: StopFlag
    // Starts at 0 and is raised to 500: libdispatch traps when a semaphore is released below its initial value.
    private let slots = DispatchSemaphore(value: 0)

    init(pcm: ALSAPCM) throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: AudioFrame.self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        stopRequested = stop
        for _ in 0..<500 { slots.signal() }
        iterator = stream.makeAsyncIterator()
        let resampler = try Resampler(from: pcm.sampleRate, to: ProtocolAudio.sampleRate)
        let worker = CaptureWorker(pcm: pcm, resampler: resampler, continuation: continuation, stop: stop, slots: slots)
        let thread = Thread { worker.run() }
        thread.name = "foundry-alsa-capture"
        thread.start()
    }

    func next() async throws -> AudioFrame? {
        let frame = try await iterator.next()
        if frame != nil { slots.signal() }
        return frame
    }

    func stop() { stopRequested.set() }

    deinit { stopRequested.set() }
}

/// The capture thread's loop: read a period, convert, resample, cut frames, yield.
private final class CaptureWorker: @unchecked Sendable {
    // Owned by the capture thread alone once started.
    private let pcm: ALSAPCM
    private let resampler: Resampler
    private let continuation: AsyncThrowingStream<AudioFrame, any Error>.Continuation
    private let stop: StopFlag
    private let slots: DispatchSemaphore

    init(pcm: ALSAPCM, resampler: Resampler, continuation: AsyncThrowingStream<AudioFrame, any Error>.Continuation, stop: StopFlag,
         slots: DispatchSemaphore) {
        self.slots = slots
        self.pcm = pcm
        self.resampler = resampler
        self.continuation = continuation
        self.stop = stop
    }

    func run() {
        var raw = [Int16](repeating: 0, count: max(pcm.periodFrames, 240))
        var samples: [Float] = []
        var resampled: [Float] = []
        samples.reserveCapacity(raw.count)
        resampled.reserveCapacity(raw.count * 4)
        var assembler = FrameAssembler()
        defer {
            pcm.close()
            continuation.finish()
        }
        do {
            while !stop.isSet {
                let got = try raw.withUnsafeMutableBufferPointer { try pcm.read(into: $0) }
                guard got > 0 else { continue }
                samples.removeAll(keepingCapacity: true)
                for index in 0..<got { samples.append(PCM16.float(raw[index])) }
                resampled.removeAll(keepingCapacity: true)
                try samples.withUnsafeBufferPointer { try resampler.process($0, into: &resampled) }
                resampled.withUnsafeBufferPointer { assembler.append($0) }
                while let frame = assembler.next() {
                    while slots.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
                        if stop.isSet { return }
                    }
                    if case .terminated = continuation.yield(frame) { return }
                }
            }
        } catch {
            continuation.finish(throwing: error)
        }
    }
}
