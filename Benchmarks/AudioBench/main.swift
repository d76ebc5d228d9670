import Foundation
import FoundryAudio
import FoundryCore

// Audio benchmarks, run side by side in one process (release build):
//   swift build -c release --product audio-bench && .build/release/audio-bench [speech.wav]
// Per 20 ms frame of 24 kHz speech (jfk.wav from ../shared/data unless a file is given):
// Opus encode (target ≤ 0.3 ms) and decode (target ≤ 0.2 ms), resample + frame + PCM16 (the
// client's send path before the socket), a file source's next frame, the VAD, and the WAV and
// Ogg Opus sinks' write; p50 and p99 of each. The send and receive paths' audio stages must
// leave room for the whole pipeline's p99 ≤ 5 ms per frame.

let arguments = CommandLine.arguments
let speechPath = arguments.count > 1 ? arguments[1]
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/audio/jfk.wav").standardized.path

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

/// Times `body` once per frame for `rounds` passes over `frames`; microseconds per call.
func measure(rounds: Int, frames: Int, _ body: (Int) throws -> Void) rethrows -> [Double] {
    let clock = ContinuousClock()
    var timings: [Double] = []
    timings.reserveCapacity(rounds * frames)
    for _ in 0..<rounds {
        for index in 0..<frames {
            let start = clock.now
            try body(index)
            timings.append((clock.now - start).millisecondsDouble * 1000)
        }
    }
    return timings
}

func report(_ name: String, _ timings: [Double], targetMicroseconds: Double? = nil) {
    let p50 = percentile(timings, 0.5), p99 = percentile(timings, 0.99)
    var line = String(format: "%-44@ p50 %7.1f µs   p99 %7.1f µs   (%d frames)", name as NSString, p50, p99, timings.count)
    if let target = targetMicroseconds {
        line += String(format: " — target p99 ≤ %.0f µs: %@ (p99/target %.2f)", target, p99 <= target ? "met" : "NOT met", p99 / target)
    }
    print(line)
}

func run() throws {
    let clip: AudioClip
    if FileManager.default.fileExists(atPath: speechPath) {
        clip = try AudioFile.read(path: speechPath)
        print("speech: \(speechPath) (\(Int(clip.durationMilliseconds)) ms at \(clip.sampleRate) Hz)")
    } else {
        print("audio-bench: \(speechPath) is absent (../shared/data/audio/jfk.wav); give a speech file as the first argument")
        exit(1)
    }
    let speech = try clip.protocolFormat().samples
    let frameCount = speech.count / ProtocolAudio.frameSamples
    let frames: [[Float]] = (0..<frameCount).map { Array(speech[($0 * 480)..<(($0 + 1) * 480)]) }
    let rounds = 10

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
    var sendTimings: [Double] = []
    for _ in 0..<rounds {
        let resampler = try Resampler(from: clip.sampleRate, to: ProtocolAudio.sampleRate)
        var assembler = FrameAssembler()
        sendTimings += try measure(rounds: 1, frames: native.count / chunk) { index in
            resampled.removeAll(keepingCapacity: true)
            try native[(index * chunk)..<((index + 1) * chunk)].withUnsafeBufferPointer { try resampler.process($0, into: &resampled) }
            resampled.withUnsafeBufferPointer { assembler.append($0) }
            while let frame = assembler.next() {
                bytes.removeAll(keepingCapacity: true)
                frame.pcm16(appendingTo: &bytes)
            }
        }
    }
    report("resample \(clip.sampleRate / 1000) → 24 kHz + frame + PCM16", sendTimings, targetMicroseconds: 5000)

    // A file source's next frame (--fast): read, decode, resample, frame.
    var sourceTimings: [Double] = []
    let clock = ContinuousClock()
    let semaphore = DispatchSemaphore(value: 0)
    let source = try AudioSource.file(speechPath, pacing: .fast)
    let box = TimingsBox()
    Task {
        for _ in 0..<rounds {
            var iterator = source.makeAsyncIterator()
            while true {
                let start = clock.now
                guard (try? await iterator.next()) != nil else { break }
                box.timings.append((clock.now - start).millisecondsDouble * 1000)
            }
        }
        semaphore.signal()
    }
    semaphore.wait()
    sourceTimings = box.timings
    report("file source next frame (--fast)", sourceTimings, targetMicroseconds: 5000)

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

final class TimingsBox: @unchecked Sendable {  // written by one task, read after it signals
    var timings: [Double] = []
}

do {
    try run()
} catch let error as FoundryError {
    print("audio-bench: \(error.message)")
    exit(1)
}
