import Foundation
import FoundryFuzzTargets
import Testing

/// Every fuzz target's corpus (Fuzz/corpus) and every input that once crashed one
/// (Fuzz/regressions) run once through the target, without sanitizers: a crash, a trap or a
/// hang here is a regression. The long runs under libFuzzer and AddressSanitizer are
/// `scripts/fuzz` (docs/hardening.md).
@Suite("Fuzz corpora replay")
struct FuzzCorpusReplayTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    static func inputs(_ folder: String, _ target: String) -> [String] {
        let directory = fuzz + "/\(folder)/\(target)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { directory + "/" + $0 }
    }

    @Test("every corpus and regression folder belongs to a target, and every target has seeds")
    func foldersMatchTargets() throws {
        let names = Set(FuzzTargets.all.map(\.name) + FuzzTargets.cTargets)
        #expect(names.count == FuzzTargets.all.count + FuzzTargets.cTargets.count, "target names are unique")
        for folder in ["corpus", "regressions"] {
            let found = (try? FileManager.default.contentsOfDirectory(atPath: Self.fuzz + "/" + folder)) ?? []
            for name in found { #expect(names.contains(name), "Fuzz/\(folder)/\(name) is not a fuzz target") }
        }
        for name in names { #expect(!Self.inputs("corpus", name).isEmpty, "\(name) has no seeds in Fuzz/corpus") }
    }

    @Test("each target takes its corpus and regression inputs", arguments: FuzzTargets.all.map(\.name))
    func replay(_ name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let inputs = Self.inputs("corpus", name) + Self.inputs("regressions", name)
        let clock = ContinuousClock(), start = clock.now
        for path in inputs {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.count <= target.maxLength, "\(path) is longer than the target's \(target.maxLength) bytes")
            target.run(data)
        }
        print("fuzz replay \(name): \(inputs.count) inputs in \(clock.now - start)")
    }

    @Test("each C target takes its corpus and regression inputs under AddressSanitizer and UBSan", arguments: FuzzTargets.cTargets)
    func replayC(_ name: String) throws {
        let inputs = Self.inputs("corpus", name) + Self.inputs("regressions", name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.fuzz + "/../scripts/fuzz")
        process.arguments = ["replay-c", name] + inputs
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/fuzz replay-c \(name) failed:\n\(text.suffix(3000))")
        #expect(text.contains("replay: \(inputs.count) inputs"), "\(text.suffix(3000))")
    }

    @Test("the tokenizer targets find the shared vocabularies")
    func vocabulariesPresent() {
        let directory = SharedData.directory + "/tokenizer"
        #expect(FileManager.default.fileExists(atPath: directory + "/ggml-vocab-llama-spm.gguf"),
                "the tokenizer targets read ../shared/data/tokenizer beside the repository (missing: \(directory))")
    }
}
