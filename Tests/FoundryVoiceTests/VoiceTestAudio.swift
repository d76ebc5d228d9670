import Foundation
import FoundryCore
import FoundryTestSupport

/// Audio the tests make with Debian's espeak-ng and sox (installed by scripts/bootstrap), and the
/// shared recording.
enum VoiceTestAudio {
    static var jfk: String { TestEnvironment.sharedData + "/audio/jfk.wav" }

    struct Missing: Error, CustomStringConvertible { let description: String }

    /// Speech for `text` with `lead` and `tail` seconds of silence around it, as a WAV file.
    static func utterance(_ text: String, lead: Double = 0.3, tail: Double = 0.2, in directory: String, name: String = "utterance.wav") async throws -> String {
        let raw = directory + "/raw-" + name, path = directory + "/" + name
        try await tool("/usr/bin/espeak-ng", ["-w", raw, text])
        try await tool("/usr/bin/sox", [raw, path, "pad", String(lead), String(tail)])
        return path
    }

    /// `seconds` of digital silence as a 24 kHz WAV file.
    static func silence(_ seconds: Double, in directory: String) async throws -> String {
        let path = directory + "/silence.wav"
        try await tool("/usr/bin/sox", ["-n", "-r", "24000", "-c", "1", "-b", "16", path, "trim", "0", String(seconds)])
        return path
    }

    /// A file converted to 24 kHz mono 16-bit raw PCM (the protocol's format).
    static func raw24k(_ input: String, in directory: String) async throws -> String {
        let path = directory + "/audio-24k.raw"
        try await tool("/usr/bin/sox", [input, "-r", "24000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", path])
        return path
    }

    /// Duration in seconds of an audio file, as sox reads it (fails on a malformed file).
    static func duration(_ path: String) async throws -> Double {
        let result = try await CommandRunner.run("/usr/bin/soxi", ["-D", path])
        guard result.status == 0, let seconds = Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Missing(description: "soxi cannot read '\(path)': \(result.stderr)")
        }
        return seconds
    }

    static func tool(_ path: String, _ arguments: [String]) async throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "\(path) is missing: run scripts/bootstrap (espeak-ng, sox)")
        }
        let result = try await CommandRunner.run(path, arguments)
        guard result.status == 0 else { throw Missing(description: "\(path) \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
    }
}

extension Output {
    /// Output for library-level tests: results only, no notes on stderr.
    static func quietForTests() -> Output {
        Output.standard(quiet: true)
    }
}
