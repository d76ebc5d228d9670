import Foundation
import FoundryTestSupport
import Testing

/// Runs scripts/check_tokenizers.py (mistral-common or llama.cpp through llama-cpp-python) and
/// reads the reference ids it writes. Nil, with a note on standard error, when the reference
/// venv is missing (a recorded failure when CI requires the peers).
enum TokenizerReference {
    static let script = TestEnvironment.packageRoot + "/scripts/check_tokenizers.py"

    /// Where generated vocabularies are kept between runs (outside the repository).
    static var vocabularyCache: String {
        let env = ProcessInfo.processInfo.environment
        return env["FOUNDRY_VOCAB_CACHE"] ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache/foundry/vocab"
    }

    /// Whether a generated file exists and is newer than the script that makes it.
    static func isFresh(_ path: String) -> Bool {
        let manager = FileManager.default
        let made = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let script = (try? manager.attributesOfItem(atPath: TestEnvironment.packageRoot + "/scripts/make_vocab_gguf.py"))?[.modificationDate] as? Date
        guard let made, let script else { return false }
        return made >= script
    }

    static func skipped(_ reason: String) {
        FileHandle.standardError.write(Data("tokenizer reference not run: \(reason)\n".utf8))
    }

    /// Runs the script with `arguments` plus `--cases-out FILE` and decodes FILE.
    static func cases<T: Decodable>(
        _ type: T.Type, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> T? {
        guard let python = ReferencePeers.python(sourceLocation: sourceLocation) else {
            skipped("no reference venv (scripts/bootstrap --python)")
            return nil
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/cases.json"
        let run = try await CommandRunner.run(python, [script] + arguments + ["--cases-out", out], inheritEnvironment: true)
        switch run.status {
        case 0:
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        case 3 where !TestEnvironment.peersRequired:
            skipped(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
            return nil
        default:
            Issue.record("check_tokenizers.py failed (\(run.status)): \(run.stderr)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// mistral-common's ids, computed once per test run.
    static func mistral() async throws -> MistralCases? {
        try await Memo.shared.mistral {
            try await cases(MistralCases.self, ["mistral", "--vocab-dir", vocabularyCache])
        }
    }

    private actor Memo {
        static let shared = Memo()
        private var task: Task<MistralCases?, any Error>?

        func mistral(_ make: @escaping @Sendable () async throws -> MistralCases?) async throws -> MistralCases? {
            if let task { return try await task.value }
            let task = Task { try await make() }
            self.task = task
            return try await task.value
        }
    }

    struct TextCase: Decodable, Sendable {
        let text: String
        let ids: [Int32]
    }

    struct ChatCase: Decodable, Sendable {
        struct Message: Decodable, Sendable {
            let role: String
            let content: String
        }
        let messages: [Message]
        let ids: [Int32]
    }

    struct MistralCases: Decodable, Sendable {
        struct Tokenizer: Decodable, Sendable {
            let name: String
            let gguf: String
            let template: String?
            let texts: [TextCase]
            let chats: [ChatCase]
        }
        let tokenizers: [Tokenizer]
    }

    struct LlamaCases: Decodable, Sendable {
        struct File: Decodable, Sendable {
            let gguf: String
            let plain: [TextCase]
            let special: [TextCase]
        }
        let files: [File]
    }
}
