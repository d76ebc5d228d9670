import Foundation
import FoundryCore

/// Writes Ogg Opus (RFC 7845) with libopus: 20 ms packets muxed into Ogg pages by foundry's own
/// page writer, OpusHead with the encoder's pre-skip, OpusTags, granule positions in 48 kHz
/// samples, and an end-trimmed last page so the decoded length equals the samples written.
/// Written under a temporary name and renamed by `finish()`; dropped unfinished, it leaves nothing.
public final class OggOpusFileSink: AudioSink, @unchecked Sendable {  // state is only touched under `lock`
    public let name: String
    public let sampleRate: Int
    /// Packets per Ogg page (50 × 20 ms = one page a second).
    static let packetsPerPage = 50

    private let file: PartialFile
    private let encoder: OpusEncoder
    private let granulePerFrame: Int64
    private let preSkip: Int64

    private struct State {
        var descriptor: Int32
        var pages: OggPageWriter
        var pending: [Float] = []
        var packet: [UInt8] = []
        var output: [UInt8] = []
        var inputSamples = 0
        var encodedFrames = 0
    }
    private var state: State
    private let lock = NSLock()

    public init(path: String, sampleRate: Int = ProtocolAudio.sampleRate, settings: OpusEncoder.Settings? = nil) throws {
        name = "'\(path)'"
        self.sampleRate = sampleRate
        var encoderSettings = settings ?? .file
        encoderSettings.sampleRate = sampleRate
        encoder = try OpusEncoder(encoderSettings)
        granulePerFrame = 960
        preSkip = Int64(encoder.lookahead * 48_000 / sampleRate)
        file = try PartialFile(target: path)
        let descriptor = open(file.temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FoundryError.failure("cannot write audio file '\(path)': \(String(cString: strerror(errno)))")
        }
        var initial = State(descriptor: descriptor, pages: OggPageWriter(serial: UInt32.random(in: 1...UInt32.max)))
        initial.pending.reserveCapacity(ProtocolAudio.frameSamples * 4)
        initial.packet.reserveCapacity(1500)
        initial.output.reserveCapacity(64 * 1024)
        OpusHeaders.identification(preSkip: Int(preSkip), inputSampleRate: sampleRate).withUnsafeBufferPointer { initial.pages.add(packet: $0) }
        initial.pages.flush(granule: 0, into: &initial.output)
        OpusHeaders.comments(["ENCODER=foundry"]).withUnsafeBufferPointer { initial.pages.add(packet: $0) }
        initial.pages.flush(granule: 0, into: &initial.output)
        state = initial
        do {
            try drain(&state)
        } catch {
            close(descriptor)
            file.discard()
            throw error
        }
    }

    deinit {
        if state.descriptor >= 0 {
            close(state.descriptor)
            file.discard()
        }
    }

    public var writtenMilliseconds: Double {
        lock.withLock { ProtocolAudio.milliseconds(samples: state.inputSamples, sampleRate: sampleRate) }
    }

    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen(state)
        state.pending.append(contentsOf: samples)
        state.inputSamples += samples.count
        try encodeFullFrames(&state)
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen(state)
        for value in samples { state.pending.append(PCM16.float(value)) }
        state.inputSamples += samples.count
        try encodeFullFrames(&state)
    }

    /// Encodes what is left (padded with silence until the encoder's lookahead is out), writes the
    /// last page with the end-trimmed granule position, closes and renames the file.
    public func finish() throws {
        lock.lock()
        defer { lock.unlock() }
        try finish(&state)
    }

    private func finish(_ state: inout State) throws {
        guard state.descriptor >= 0 else { return }
        do {
            let frame = encoder.frameSamples
            while state.encodedFrames * frame < state.inputSamples + encoder.lookahead || !state.pending.isEmpty {
                state.pending.append(contentsOf: repeatElement(0, count: frame - state.pending.count % frame))
                try encodeFullFrames(&state, flushFullPages: false)
            }
            let end = preSkip + Int64(state.inputSamples) * 48_000 / Int64(sampleRate)
            state.pages.flush(granule: end, endOfStream: true, into: &state.output)
            try drain(&state)
        } catch {
            close(state.descriptor)
            state.descriptor = -1
            file.discard()
            throw error
        }
        let closed = close(state.descriptor)
        state.descriptor = -1
        guard closed == 0 else {
            file.discard()
            throw FoundryError.failure("cannot write audio file '\(file.target)': \(String(cString: strerror(errno)))")
        }
        try file.commit()
    }

    private func encodeFullFrames(_ state: inout State, flushFullPages: Bool = true) throws {
        let frame = encoder.frameSamples
        var offset = 0
        while state.pending.count - offset >= frame {
            state.packet.removeAll(keepingCapacity: true)
            try state.pending.withUnsafeBufferPointer { samples in
                _ = try encoder.encode(UnsafeBufferPointer(rebasing: samples[offset..<(offset + frame)]), appendingTo: &state.packet)
            }
            offset += frame
            if state.pages.wouldOverflow(packetOfSize: state.packet.count) {
                state.pages.flush(granule: granule(state), into: &state.output)
            }
            state.packet.withUnsafeBufferPointer { state.pages.add(packet: $0) }
            state.encodedFrames += 1
            if flushFullPages && state.pages.pendingPackets >= Self.packetsPerPage {
                state.pages.flush(granule: granule(state), into: &state.output)
            }
        }
        state.pending.removeSubrange(0..<offset)
        try drain(&state)
    }

    private func granule(_ state: State) -> Int64 { Int64(state.encodedFrames) * granulePerFrame }

    private func drain(_ state: inout State) throws {
        guard !state.output.isEmpty else { return }
        let descriptor = state.descriptor
        let written = state.output.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard written else {
            throw FoundryError.failure("cannot write audio file '\(file.target)': \(String(cString: strerror(errno)))")
        }
        state.output.removeAll(keepingCapacity: true)
    }

    private func ensureOpen(_ state: State) throws {
        guard state.descriptor >= 0 else {
            throw FoundryError.failure("cannot write to audio file '\(file.target)': it is already finished")
        }
    }
}
