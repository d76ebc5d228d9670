import Foundation
import FoundryAudio
import FoundryTestSupport
import Testing

/// Test data and tools shared by the audio tests.
enum AudioTestSupport {
    /// ../shared/data/audio/jfk.wav; a test that needs it records an issue when it is absent.
    static var jfk: String? {
        let path = TestEnvironment.sharedData + "/audio/jfk.wav"
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("test data missing: \(path) (../shared/data/audio/jfk.wav beside the repository)")
            return nil
        }
        return path
    }

    /// Runs a tool (sox, espeak-ng, opusinfo, …) and fails the test with its stderr when it fails.
    @discardableResult
    static func tool(_ name: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> CommandResult {
        guard let path = which(name) else {
            Issue.record("\(name) is not installed (scripts/bootstrap installs it)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let result = try await CommandRunner.run(path, arguments)
        if result.status != 0 {
            Issue.record("\(name) \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        }
        return result
    }

    static func which(_ name: String) -> String? {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        return nil
    }

    /// A sine tone.
    static func sine(frequency: Double, milliseconds: Int, sampleRate: Int, amplitude: Float = 0.5) -> [Float] {
        let count = sampleRate * milliseconds / 1000
        return (0..<count).map { amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))) }
    }

    /// Root-mean-square level.
    static func rms(_ samples: ArraySlice<Float>) -> Float {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
    }

    static func rms(_ samples: [Float]) -> Float { rms(samples[...]) }
}
