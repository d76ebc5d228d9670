import CALSA
import Foundation
import FoundryCore

/// An open ALSA PCM (capture or playback) configured for 16-bit mono. Not thread-safe: it is
/// opened by the caller and then owned by exactly one I/O thread, which alone calls it
/// (hence `@unchecked Sendable`, for that one hand-over).
final class ALSAPCM: @unchecked Sendable {
    enum Direction: Sendable {
        case capture, playback
        var stream: snd_pcm_stream_t { self == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK }
        var noun: String { self == .capture ? "capture" : "playback" }
    }

    let device: String
    let direction: Direction
    private(set) var sampleRate: Int = 0
    private(set) var periodFrames: Int = 0
    private(set) var bufferFrames: Int = 0
    private var handle: OpaquePointer?

    /// Opens `device` (an ALSA PCM name such as "default" or "hw:1,0"), looked up in the system's
    /// ALSA configuration, or only in `configuration` (ALSA configuration text) when given.
    init(device: String, direction: Direction, configuration: String? = nil, nonBlocking: Bool = false) throws {
        self.device = device
        self.direction = direction
        ALSALibraryErrors.capture()
        _ = ALSALibraryErrors.take()
        var pcm: OpaquePointer?
        let mode = nonBlocking ? Int32(SND_PCM_NONBLOCK) : 0
        let status: Int32
        if let configuration {
            let config = try Self.load(configuration, device: device, direction: direction)
            defer { snd_config_delete(config) }
            status = snd_pcm_open_lconf(&pcm, device, direction.stream, mode, config)
        } else {
            status = snd_pcm_open(&pcm, device, direction.stream, mode)
        }
        guard status == 0, let pcm else {
            throw Self.failure("cannot open ALSA \(direction.noun) device '\(device)'", status,
                               hint: "list devices with `foundry voice devices`; pick one with --\(direction == .capture ? "mic" : "play-device") DEVICE")
        }
        handle = pcm
    }

    deinit { close() }

    /// Sets 16-bit interleaved mono at `sampleRate` (ALSA converts when the device needs it) with
    /// about `latencyMicroseconds` of device buffer.
    func configure(sampleRate: Int, latencyMicroseconds: Int) throws {
        let pcm = try open()
        let status = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, UInt32(sampleRate), 1,
                                        UInt32(latencyMicroseconds))
        guard status == 0 else {
            throw Self.failure("cannot set ALSA \(direction.noun) device '\(device)' to 16-bit mono \(sampleRate) Hz", status)
        }
        var buffer: snd_pcm_uframes_t = 0, period: snd_pcm_uframes_t = 0
        _ = snd_pcm_get_params(pcm, &buffer, &period)
        var params: OpaquePointer?
        var rate: UInt32 = UInt32(sampleRate)
        if snd_pcm_hw_params_malloc(&params) == 0, let params {
            var direction: Int32 = 0
            if snd_pcm_hw_params_current(pcm, params) == 0 { _ = snd_pcm_hw_params_get_rate(params, &rate, &direction) }
            snd_pcm_hw_params_free(params)
        }
        self.sampleRate = Int(rate)
        periodFrames = max(Int(period), 1)
        bufferFrames = Int(buffer)
    }

    /// Reads up to `buffer.count` frames, blocking until some are there; recovers from overruns.
    /// Returns the frames read (0 after an overrun was recovered).
    func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        let pcm = try open()
        let got = snd_pcm_readi(pcm, buffer.baseAddress, snd_pcm_uframes_t(buffer.count))
        if got >= 0 { return got }
        try recover(pcm, Int32(got), doing: "reading from")
        return 0
    }

    /// Writes up to `buffer.count` frames; returns how many the device took (0 when it is full in
    /// non-blocking mode or after a recovered underrun).
    func write(_ buffer: UnsafeBufferPointer<Int16>) throws -> Int {
        let pcm = try open()
        let put = snd_pcm_writei(pcm, buffer.baseAddress, snd_pcm_uframes_t(buffer.count))
        if put >= 0 { return put }
        if put == -Int(EAGAIN) { return 0 }
        try recover(pcm, Int32(put), doing: "writing to")
        return 0
    }

    /// Waits up to `milliseconds` until the device can take or give frames.
    func wait(milliseconds: Int) {
        guard let handle else { return }
        _ = snd_pcm_wait(handle, Int32(milliseconds))
    }

    /// Frames the device can take (playback) or has ready (capture), or nil after an error.
    func available() -> Int? {
        guard let handle else { return nil }
        let frames = snd_pcm_avail_update(handle)
        if frames < 0 {
            _ = snd_pcm_recover(handle, Int32(frames), 1)
            return nil
        }
        return frames
    }

    /// Frames written but not yet played (playback), or captured but not yet read.
    func delay() -> Int {
        guard let handle else { return 0 }
        var frames: snd_pcm_sframes_t = 0
        guard snd_pcm_delay(handle, &frames) == 0 else { return 0 }
        return max(0, frames)
    }

    /// Stops at once, discarding what the device still holds.
    func drop() {
        guard let handle else { return }
        _ = snd_pcm_drop(handle)
        _ = snd_pcm_prepare(handle)
    }

    /// Blocks until the device has played what it holds.
    func drain() {
        guard let handle else { return }
        _ = snd_pcm_nonblock(handle, 0)
        _ = snd_pcm_drain(handle)
    }

    func close() {
        guard let handle else { return }
        self.handle = nil
        snd_pcm_close(handle)
    }

    private func open() throws -> OpaquePointer {
        guard let handle else { throw FoundryError.failure("ALSA \(direction.noun) device '\(device)' is closed") }
        return handle
    }

    private func recover(_ pcm: OpaquePointer, _ status: Int32, doing verb: String) throws {
        guard snd_pcm_recover(pcm, status, 1) == 0 else {
            throw Self.failure("\(verb) ALSA \(direction.noun) device '\(device)' failed", status)
        }
    }

    private static func load(_ text: String, device: String, direction: Direction) throws -> OpaquePointer {
        var config: OpaquePointer?
        var input: OpaquePointer?
        guard snd_config_top(&config) == 0, let config else {
            throw FoundryError.failure("cannot open ALSA \(direction.noun) device '\(device)': out of memory")
        }
        let bytes = Array(text.utf8)
        let status: Int32 = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard snd_input_buffer_open(&input, chars.baseAddress, bytes.count) == 0, let input else { return -ENOMEM }
                defer { snd_input_close(input) }
                return snd_config_load(config, input)
            }
        }
        guard status == 0 else {
            snd_config_delete(config)
            throw failure("cannot open ALSA \(direction.noun) device '\(device)': its ALSA configuration does not parse", status)
        }
        return config
    }

    /// One line: what failed, ALSA's reason and the library's own message when it gave one.
    static func failure(_ what: String, _ status: Int32, hint: String? = nil) -> FoundryError {
        let library = ALSALibraryErrors.take()
        var reason = String(cString: snd_strerror(status))
        if !library.isEmpty && library != reason { reason += " (\(library))" }
        return FoundryError.failure("\(what): \(reason)", hint: hint)
    }
}
