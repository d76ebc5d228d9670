import Foundation
import FoundryAudio
import FoundryCore

// Audio benchmarks, run side by side in one process (release build):
//   swift build -c release --package-path Benchmarks --product audio-bench && Benchmarks/.build/release/audio-bench [speech.wav]
// Per 20 ms frame of 24 kHz speech (jfk.wav from ../shared/data unless a file is given):
// Opus encode (target ≤ 0.3 ms) and decode (target ≤ 0.2 ms), resample + frame + PCM16 (the
// client's send path before the socket), a file source's next frame, the VAD, and the WAV and
// Ogg Opus sinks' write; p50 and p99 of each. The send and receive paths' audio stages must
// leave room for the whole pipeline's p99 ≤ 5 ms per frame.

let arguments = CommandLine.arguments
let speechPath = arguments.count > 1 ? arguments[1]
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/audio/jfk.wav").standardized.path

/// The percentile p (0–1) by nearest rank (FoundryCore's SampleStatistics), NaN without samples.
func percentile(_ values: [Double], _ p: Double) -> Double { SampleStatistics.percentile(values, p * 100) ?? .nan }

/// Wall-clock (monotonic) and CPU time of one call, in microseconds.
struct Timing {
    var wall: [Double] = []
    var cpu: [Double] = []
}

/// This thread's CPU time in microseconds: what the work itself costs, without the time the
/// scheduler gave other processes (the machine is shared; wall-clock p99 shows their share too).
func threadCPUMicroseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1e6 + Double(spec.tv_nsec) / 1e3
}

/// Times `body` once per frame for `rounds` passes over `frames`.
func measure(rounds: Int, frames: Int, _ body: (Int) throws -> Void) rethrows -> Timing {
    let clock = ContinuousClock()
    var timing = Timing()
    timing.wall.reserveCapacity(rounds * frames)
    timing.cpu.reserveCapacity(rounds * frames)
    for _ in 0..<rounds {
        for index in 0..<frames {
            let cpu = threadCPUMicroseconds()
            let start = clock.now
            try body(index)
            timing.wall.append((clock.now - start).millisecondsDouble * 1000)
            timing.cpu.append(threadCPUMicroseconds() - cpu)
        }
    }
    return timing
}

func report(_ name: String, _ timing: Timing, targetMicroseconds: Double? = nil) {
    let wall50 = percentile(timing.wall, 0.5), wall99 = percentile(timing.wall, 0.99)
    let cpu50 = percentile(timing.cpu, 0.5), cpu99 = percentile(timing.cpu, 0.99)
    var line = name.padding(toLength: 44, withPad: " ", startingAt: 0)
        + String(format: "wall p50 %6.1f p99 %7.1f µs | CPU p50 %6.1f p99 %6.1f µs", wall50, wall99, cpu50, cpu99)
    if let target = targetMicroseconds {
        line += String(format: " | target ≤ %.0f µs: CPU p99 %@, wall p99 %@", target,
                       cpu99 <= target ? "met" : "NOT met", wall99 <= target ? "met" : "NOT met")
    }
    print(line)
}

func run() throws {
    let rounds = 10
    let clip: AudioClip
    if FileManager.default.fileExists(atPath: speechPath) {
        clip = try AudioFile.read(path: speechPath)
        print("speech: \(speechPath) (\(Int(clip.durationMilliseconds)) ms at \(clip.sampleRate) Hz)")
    } else {
        print("audio-bench: \(speechPath) is absent (../shared/data/audio/jfk.wav); give a speech file as the first argument")
        exit(1)
    }
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("load average \(load) on \(ProcessInfo.processInfo.activeProcessorCount) CPUs; \(rounds) passes over the file per figure")
    let speech = try clip.protocolFormat().samples
    let frameCount = speech.count / ProtocolAudio.frameSamples
    let frames: [[Float]] = (0..<frameCount).map { Array(speech[($0 * 480)..<(($0 + 1) * 480)]) }

    // Opus encode and decode, VOIP with FEC (the --codec opus transport).
    let encoder = try OpusEncoder()
    var packet: [UInt8] = []
    packet.reserveCapacity(1500)
    var packets: [[UInt8]] = []
    let encode = try measure(rounds: rounds, frames: frameCount) { index in
        packet.removeAll(keepingCapacity: true)
        try frames[index].withUnsafeBufferPointer { _ = try encoder.encode($0, appendingTo: &packet) }
        if packets.count < frameCount { packets.append(packet) }
    }
    report("Opus encode (24 kHz, VOIP, FEC, 24 kb/s)", encode, targetMicroseconds: 300)
    let decoder = try OpusDecoder()
    var decoded: [Float] = []
    decoded.reserveCapacity(480 * 6)
    let decode = try measure(rounds: rounds, frames: frameCount) { index in
        decoded.removeAll(keepingCapacity: true)
        try decoder.decode(packets[index], appendingTo: &decoded)
    }
    report("Opus decode", decode, targetMicroseconds: 200)

    // The send path before the socket: 16 kHz capture chunk → resample → 20 ms frame → PCM16.
    let native = clip.mono().samples
    let chunk = clip.sampleRate / 50
    var resampled: [Float] = []
    resampled.reserveCapacity(4096)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(4096)
    var sendTimings = Timing()
    for _ in 0..<rounds {
        let resampler = try Resampler(from: clip.sampleRate, to: ProtocolAudio.sampleRate)
        var assembler = FrameAssembler()
        let pass = try measure(rounds: 1, frames: native.count / chunk) { index in
            resampled.removeAll(keepingCapacity: true)
            try native[(index * chunk)..<((index + 1) * chunk)].withUnsafeBufferPointer { try resampler.process($0, into: &resampled) }
            resampled.withUnsafeBufferPointer { assembler.append($0) }
            while let frame = assembler.next() {
                bytes.removeAll(keepingCapacity: true)
                frame.pcm16(appendingTo: &bytes)
            }
        }
        sendTimings.wall += pass.wall
        sendTimings.cpu += pass.cpu
    }
    report("resample \(clip.sampleRate / 1000) → 24 kHz + frame + PCM16", sendTimings, targetMicroseconds: 5000)

    // A file source's next frame (--fast): read, decode, resample, frame.
    let source = try AudioSource.file(speechPath, pacing: .fast)
    let box = TimingBox()
    let done = DispatchSemaphore(value: 0)
    Task {
        let clock = ContinuousClock()
        for _ in 0..<rounds {
            var iterator = source.makeAsyncIterator()
            while true {
                let cpu = threadCPUMicroseconds()
                let start = clock.now
                guard (try? await iterator.next()) != nil else { break }
                box.timing.wall.append((clock.now - start).millisecondsDouble * 1000)
                box.timing.cpu.append(threadCPUMicroseconds() - cpu)
            }
        }
        done.signal()
    }
    done.wait()
    report("file source next frame (--fast)", box.timing, targetMicroseconds: 5000)

    // VAD over each frame.
    var vad = VoiceActivityDetector()
    let vadTimings = measure(rounds: rounds, frames: frameCount) { index in
        _ = frames[index].withUnsafeBufferPointer { vad.process($0) }
    }
    report("VAD (server_vad defaults)", vadTimings)

    // Receive path after the socket: PCM16 bytes → WAV sink; Float → Ogg Opus sink.
    let directory = NSTemporaryDirectory() + "audio-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let framesPCM16 = frames.map { PCM16.encode($0) }
    let wav = try WAVFileSink(path: directory + "/reply.wav")
    let wavTimings = try measure(rounds: rounds, frames: frameCount) { index in
        try framesPCM16[index].withUnsafeBufferPointer { bytes in
            try wav.write(pcm16: bytes)
        }
    }
    try wav.finish()
    report("WAV sink write (PCM16 bytes)", wavTimings, targetMicroseconds: 5000)
    let ogg = try OggOpusFileSink(path: directory + "/reply.opus")
    let oggTimings = try measure(rounds: rounds, frames: frameCount) { index in try ogg.write(frames[index]) }
    try ogg.finish()
    report("Ogg Opus sink write (encode + mux + write)", oggTimings, targetMicroseconds: 5000)
}

final class TimingBox: @unchecked Sendable {  // written by one task, read after it signals
    var timing = Timing()
}

do {
    try run()
} catch let error as FoundryError {
    print("audio-bench: \(error.message)")
    exit(1)
}
