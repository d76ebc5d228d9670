import Foundation
import FoundryCore

/// Picks the file sink for an output path by its extension (`--out FILE`).
public enum AudioFileSink {
    /// The formats `--out` writes, by extension.
    public static let extensions = ["wav": "WAV (16-bit PCM)", "opus": "Ogg Opus", "ogg": "Ogg Opus", "oga": "Ogg Opus"]

    /// A WAV sink for `.wav`, an Ogg Opus sink for `.opus`, `.ogg` and `.oga`; any other
    /// extension is a usage error naming the path.
    public static func open(path: String, sampleRate: Int = ProtocolAudio.sampleRate) throws -> any AudioSink {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "wav": return try WAVFileSink(path: path, sampleRate: sampleRate)
        case "opus", "ogg", "oga": return try OggOpusFileSink(path: path, sampleRate: sampleRate)
        default:
            throw FoundryError.usage("cannot write audio file '\(path)': unknown format",
                                     hint: "name the output .wav (16-bit PCM) or .opus/.ogg (Ogg Opus)")
        }
    }
}
