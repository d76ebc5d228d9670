import Foundation
import FoundryCore
import FoundryRealtime

/// The turns of a voice run: the given audio files in order (repeated to reach the turn count),
/// or sentences spoken by espeak-ng into WAV files, picked in an order the seed fixes.
struct SpokenTurns {
    /// Short requests a person might make to a voice assistant.
    static let sentences = [
        "What is the weather like in Paris today?", "Please book a table for two at seven.", "How long does it take to boil an egg?",
        "Turn off the lights in the kitchen.", "What time does the train to London leave?", "Tell me a short joke about computers.",
        "How many kilometres are there in a mile?", "Remind me to call my sister tomorrow.", "What is the capital of Australia?",
        "Play some quiet music for reading.", "Set a timer for ten minutes.", "How do I get to the nearest station?",
        "What should I cook for dinner tonight?", "Is it going to rain this weekend?", "Read me the news headlines.",
        "How tall is the Eiffel Tower?",
    ]

    /// The files to send, one per turn.
    let files: [String]
    /// The synthesised sentences, one per turn (empty for given files).
    let texts: [String]
    /// A temporary directory to remove when the run is over.
    let directory: String?

    /// `count` sentences in the seed's order (a new shuffle after every full pass).
    static func sentences(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        var out: [String] = []
        while out.count < count { out += sentences.shuffled(using: &generator) }
        return Array(out.prefix(count))
    }

    /// Given files, cycled to `count` turns.
    static func files(_ inputs: [String], count: Int) -> SpokenTurns {
        SpokenTurns(files: (0..<count).map { inputs[$0 % inputs.count] }, texts: [], directory: nil)
    }

    /// `count` sentences spoken with espeak-ng into WAV files in a temporary directory.
    static func synthesised(count: Int, seed: UInt64, voice: String?) async throws -> SpokenTurns {
        let directory = NSTemporaryDirectory() + "foundry-bench-voice-" + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FoundryError.failure("cannot create a temporary directory for the spoken turns in '\(NSTemporaryDirectory())'")
        }
        let texts = sentences(count: count, seed: seed)
        var files: [String] = []
        do {
            for (i, text) in texts.enumerated() {
                let path = directory + String(format: "/turn%03d.wav", i + 1)
                try await SpeechSynthesizer.shared.writeUtterance(text, voice: voice, to: path)
                files.append(path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        return SpokenTurns(files: files, texts: texts, directory: directory)
    }

    func remove() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }
}
