import Foundation
import FoundryTestSupport
import Testing

/// `foundry run`: completion, tokenize, --info and bad input, through the built binary.
@Suite("foundry run (end to end)", .serialized)
struct RunCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    static let small = ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "2", "--layers", "2"]

    func model(_ python: String, type: String = "q8_0") async throws -> String {
        try await ReferencePeers.cachedModel(python: python, extra: Self.small + ["--type", type])
    }

    @Test("a greedy completion of text equals llama.cpp's for the same prompt tokens")
    func greedyCompletionMatchesLlamaCpp() async throws {
        guard let python = ReferencePeers.python() else { return }
        let m = try await model(python)
        let r = try await CommandRunner.foundry(["run", m, "The capital of France is", "-n", "24", "--temp", "0", "--json", "--threads", "2"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let prompt = try #require(doc?["prompt_tokens"] as? [Int])
        let tokens = try #require(doc?["tokens"] as? [Int])
        #expect(prompt.first == 1, "BOS first: \(prompt)")
        #expect(tokens.count == 24)
        #expect(doc?["finish_reason"] as? String == "length")
        let stats = try #require(doc?["statistics"] as? [String: Any])
        #expect((stats["generation_tok_s"] as? Double ?? 0) > 0)
        let reference = try await CommandRunner.run(
            python, [TestEnvironment.packageRoot + "/scripts/llama_cpp_reference.py", "--model", m, "--prompts",
                     "[[" + prompt.map(String.init).joined(separator: ",") + "]]", "-n", "24"], inheritEnvironment: true)
        try #require(reference.status == 0, "\(reference.stderr.suffix(1000))")
        let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Any]
        let generated = ((expected?["prompts"] as? [[String: Any]])?.first?["generated"] as? [Int]) ?? []
        #expect(tokens == generated)
    }

    @Test("text streams to stdout and statistics go to stderr; --quiet keeps only the text")
    func streamsTextAndStatistics() async throws {
        guard let python = ReferencePeers.python() else { return }
        let m = try await model(python)
        let r = try await CommandRunner.foundry(["run", m, "Once upon a time", "-n", "8", "--seed", "4"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.isEmpty)
        #expect(r.stderr.contains("tok/s"), "\(r.stderr)")
        let quiet = try await CommandRunner.foundry(["run", m, "Once upon a time", "-n", "8", "--seed", "4", "--quiet"], home: home)
        #expect(quiet.stdout == r.stdout, "the same seed gives the same text")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test("tokenize prints llama.cpp's ids for a vocabulary-only file, with --bos and --pieces")
    func tokenize() async throws {
        let vocab = TestEnvironment.sharedData + "/tokenizer/ggml-vocab-llama-spm.gguf"
        let r = try await CommandRunner.foundry(["run", "tokenize", vocab, "Hello world"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "15043 3186\n")
        let bos = try await CommandRunner.foundry(["run", "tokenize", vocab, "-", "--bos"], home: home, stdin: "Hello world")
        #expect(bos.stdout == "1 15043 3186\n")
        let pieces = try await CommandRunner.foundry(["run", "tokenize", vocab, "Hello world", "--pieces"], home: home)
        #expect(pieces.stdout == "15043\t▁Hello\n3186\t▁world\n")
    }

    @Test("--info prints metadata and tensors; it works on vocabulary-only files")
    func info() async throws {
        let vocab = TestEnvironment.sharedData + "/tokenizer/ggml-vocab-llama-spm.gguf"
        let r = try await CommandRunner.foundry(["run", "--info", vocab], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tokenizer.ggml.model"))
        let json = try await CommandRunner.foundry(["run", "--info", vocab, "--json"], home: home)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((doc?["metadata"] as? [String: Any])?["tokenizer.ggml.model"] != nil)
        #expect((doc?["tensors"] as? [Any])?.isEmpty == true)
    }

    @Test("bad model files get one clear line and exit 1",
          arguments: [("not-gguf", "is not a GGUF file"), ("truncated", "past the end of the file"),
                      ("bad-version", "unsupported GGUF version 99"), ("huge-count", "more than the"),
                      ("tensor-past-end", "past the end of the file"), ("unknown-type", "unknown type id 99"),
                      ("missing-tensor", "lacks the tensor 'blk.0.ffn_down.weight'"),
                      ("unsupported-arch", "architecture 'falcon' is not supported")])
    func badModels(kind: String, message: String) async throws {
        guard let python = ReferencePeers.python() else { return }
        let good = try await model(python, type: "q4_k_m")
        let bad = home + "/\(kind).gguf"
        let made = try await CommandRunner.run(python, [TestEnvironment.packageRoot + "/scripts/make_bad_gguf.py", kind, good, bad],
                                               inheritEnvironment: true)
        try #require(made.status == 0, "\(made.stderr)")
        let r = try await CommandRunner.foundry(["run", bad, "hello", "-n", "2"], home: home)
        #expect(r.status == 1, "\(kind): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(kind): \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && r.stdout.isEmpty)
    }

    @Test("a prompt longer than the context is a usage error naming both sizes")
    func promptTooLong() async throws {
        guard let python = ReferencePeers.python() else { return }
        let m = try await model(python)
        let r = try await CommandRunner.foundry(["run", m, String(repeating: "word ", count: 300), "--ctx", "64"], home: home)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("more than the context of 64"), "\(r.stderr)")
    }
}

extension RunCommandTests {
    @Test("--ctx beyond what the model was trained for is refused with the model's figure")
    func contextBeyondTraining() async throws {
        guard let python = ReferencePeers.python() else { return }
        let m = try await model(python)
        let r = try await CommandRunner.foundry(["run", m, "hello", "--ctx", "65536", "-n", "1"], home: home)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("context length 65536 exceeds the 512 tokens"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
