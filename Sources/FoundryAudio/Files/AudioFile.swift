import FoundryCore

/// Whole-file reads. For long files or streaming, use `AudioFileReader` or `AudioSource.file`.
public enum AudioFile {
    /// Reads every sample of `path` with its own rate and channels. Throws a `FoundryError`
    /// naming the file when it is missing, unreadable, not audio, or holds no samples.
    public static func read(path: String) throws -> AudioClip {
        let reader = try AudioFileReader(path: path)
        defer { reader.close() }
        let samples = try reader.readAllInterleaved()
        guard !samples.isEmpty else {
            throw FoundryError.failure("audio file '\(path)' holds no audio (zero samples)")
        }
        return AudioClip(samples: samples, sampleRate: reader.sampleRate, channels: reader.channels)
    }

    /// Reads `path` as the protocol format: mono, resampled to 24 kHz.
    public static func readProtocolFormat(path: String) throws -> AudioClip {
        try read(path: path).protocolFormat()
    }
}
