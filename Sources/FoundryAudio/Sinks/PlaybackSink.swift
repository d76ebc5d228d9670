import Foundation
import FoundryCore
import Synchronization

/// Plays audio on an ALSA device (`--play`). Writes queue samples and return at once; a thread
/// of its own feeds the device. `interrupt()` stops playback immediately (barge-in) and says how
/// much of the audio was actually heard, for `conversation.item.truncate`'s `audio_end_ms`.
public final class PlaybackSink: AudioSink {
    public let name: String
    public let sampleRate: Int

    private let worker: PlaybackWorker

    /// Opens `device` ("default", "hw:0,0", …), or the device named in `configuration` (ALSA
    /// configuration text) when given. `latencyMicroseconds` is the device buffer: the most audio
    /// already handed to the device that an interrupt can no longer take back.
    public init(device: String = "default", configuration: String? = nil, sampleRate: Int = ProtocolAudio.sampleRate,
                latencyMicroseconds: Int = 60_000) throws {
        let pcm = try ALSAPCM(device: device, direction: .playback, configuration: configuration, nonBlocking: true)
        try pcm.configure(sampleRate: sampleRate, latencyMicroseconds: latencyMicroseconds)
        guard pcm.sampleRate == sampleRate else {
            throw FoundryError.failure("ALSA playback device '\(device)' plays \(pcm.sampleRate) Hz, not \(sampleRate) Hz")
        }
        name = "ALSA playback device '\(device)'"
        self.sampleRate = sampleRate
        worker = PlaybackWorker(pcm: pcm)
        let worker = self.worker
        let thread = Thread { worker.run() }
        thread.name = "foundry-alsa-playback"
        thread.start()
    }

    deinit { worker.close() }

    /// Milliseconds queued with `write` since the sink was made or last interrupted.
    public var writtenMilliseconds: Double {
        ProtocolAudio.milliseconds(samples: worker.counters().queued, sampleRate: sampleRate)
    }

    /// Milliseconds the device has actually played since the sink was made or last interrupted
    /// (handed to the device minus what the device still holds).
    public var playedMilliseconds: Double {
        ProtocolAudio.milliseconds(samples: worker.counters().played, sampleRate: sampleRate)
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        try worker.enqueue { queue in queue.append(contentsOf: samples) }
    }

    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        try worker.enqueue { queue in
            for value in samples { queue.append(PCM16.sample(value)) }
        }
    }

    /// Barge-in: discards everything queued, stops the device at once, and returns the
    /// milliseconds that were played since the sink was made or last interrupted. The sink stays
    /// usable; counting starts again from zero.
    @discardableResult
    public func interrupt() async -> Double {
        let played = await worker.interrupt()
        return ProtocolAudio.milliseconds(samples: played, sampleRate: sampleRate)
    }

    /// Plays what is queued to the end, then closes the device.
    public func finish() async throws {
        try await worker.finish()
    }
}
