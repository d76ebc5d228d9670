import Foundation
import FoundryCore
import FoundryTestSupport
@testable import FoundryLM
import Testing
@testable import FoundryGGUF

/// foundry's engine against llama.cpp (llama-cpp-python) on GGUF files with seeded random
/// weights, quantized by llama.cpp's own quantizer: the logits after each prompt agree and the
/// greedy continuation is the same for 32 tokens.
///
/// The kernels reproduce llama.cpp's rounding bit for bit (scripts/check_kernels.py), including
/// its choice of kernel by batch size (tinyBLAS for 2+ tokens, the tiled K-quant matmul for 8+,
/// ggml's vec_dot for one) and its repacked Q4_0/Q4_K kernels (llama.cpp's default, compared with
/// llama.cpp repacking when the engine repacks), so on an AVX-512 build of llama.cpp the logits
/// agree exactly.
/// Where activations are quantized (Q4_0, K-quants) a single value rounding the other way
/// upstream moves logits by ~0.05 and, on random weights whose top logits are close together,
/// can change a greedy token: so any divergence is a real difference, not noise (see
/// scripts/dump_llama_tensors.py to find the operation).
@Suite("Engine agrees with llama.cpp", .serialized)
struct LlamaCppAgreementTests {
    static let small = ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "2", "--layers", "2"]

    /// Prompts of several lengths from the llama-spm vocabulary (BOS first).
    static let prompts: [[Int32]] = [
        [1, 15043, 3186],
        [1, 450, 4996, 17354, 1701, 29916, 432, 17204, 975, 278, 17366, 11203, 29889, 13, 29902, 763, 372],
        [1] + (0..<70).map { Int32(300 + ($0 * 7919) % 20000) },
    ]

    static let cases: [(String, [String])] = [
        ("f32 untied GQA", small + ["--type", "f32"]),
        ("f16 tied", small + ["--type", "f16", "--tied"]),
        ("bf16", small + ["--type", "bf16"]),
        ("q8_0", small + ["--type", "q8_0"]),
        ("q4_0", small + ["--type", "q4_0"]),
        ("q4_0 tied", small + ["--type", "q4_0", "--tied"]),
        ("q4_k_m", small + ["--type", "q4_k_m"]),
        ("q5_k_m", small + ["--type", "q5_k_m"]),
        ("q6_k", small + ["--type", "q6_k"]),
        ("head_dim 128 ≠ dim/heads, one KV head", ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "1",
                                                  "--head-dim", "128", "--layers", "2", "--type", "q8_0"]),
        ("linear rope scaling", small + ["--type", "f16", "--rope-scaling", "linear"]),
        ("yarn rope scaling", small + ["--type", "f16", "--rope-scaling", "yarn"]),
        ("llama3 rope factors", small + ["--type", "f16", "--rope-freqs"]),
        ("mistral3 architecture", small + ["--type", "q4_k_m", "--arch", "mistral3"]),
    ]

    struct Reference: Decodable {
        struct Prompt: Decodable { let prompt: [Int32]; let logits: [Float]; let generated: [Int32] }
        let prompts: [Prompt]
        let system_info: String?
    }

    @Test("logits and greedy tokens match", arguments: cases.map(\.0))
    func agrees(name: String) async throws {
        guard let python = ReferencePeers.python() else { return }
        let extra = Self.cases.first { $0.0 == name }!.1
        let model = try await ReferencePeers.cachedModel(python: python, extra: extra)
        // llama.cpp repacks Q4_0 and Q4_K matrices (rows a multiple of 8): so must the engine.
        let repacks = extra.contains("q4_0") || extra.contains("q4_k_m")
        let engine = try await OffPool.run { try LlamaModel(file: try GGUFFile(path: model), contextLength: 512, threads: 2) }
        #expect(engine.usesRepackedWeights == repacks, "\(name): repacked \(engine.usesRepackedWeights), expected \(repacks)")
        try await compare(name: name, model: model, python: python)
    }

    /// The same comparison on GGUF files named in FOUNDRY_AGREEMENT_FILES (comma-separated), for
    /// files too large to write in every test run, such as the 1B-class files of run-bench:
    /// `FOUNDRY_AGREEMENT_FILES=~/.cache/foundry/bench-models/1b-q4_0.gguf swift test --filter namedFiles`.
    @Test("logits and greedy tokens match on the files in FOUNDRY_AGREEMENT_FILES")
    func namedFiles() async throws {
        let files = (ProcessInfo.processInfo.environment["FOUNDRY_AGREEMENT_FILES"] ?? "").split(separator: ",").map(String.init)
        guard !files.isEmpty, let python = ReferencePeers.python() else { return }
        for file in files {
            try await compare(name: URL(fileURLWithPath: file).lastPathComponent, model: file, python: python)
        }
    }

    func compare(name: String, model: String, python: String) async throws {
        let promptJSON = "[" + Self.prompts.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        let engine = try await OffPool.run { try LlamaModel(file: try GGUFFile(path: model), contextLength: 512, threads: 2) }
        // llama.cpp repacks Q4_0 (and Q4_K) weights by default; the engine repacks what it
        // computes in the repacked kernels' order, and is compared with llama.cpp set up alike.
        let run = try await CommandRunner.run(
            python, [TestEnvironment.packageRoot + "/scripts/llama_cpp_reference.py", "--model", model, "--prompts", promptJSON,
                     "-n", "32", "--threads", "2"] + (engine.usesRepackedWeights ? ["--repack"] : []), inheritEnvironment: true)
        try #require(run.status == 0, "llama_cpp_reference.py failed: \(run.stderr.suffix(2000))")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(run.stdout.utf8))
        // Both sides' kernel sets, in every message: the orders depend on them.
        let kernels = "foundry kernels \(LlamaModel.kernelSet), llama.cpp "
            + ReferencePeers.enabledFeatures(reference.system_info ?? "unknown")

        // The engine runs off the cooperative pool; the expectations run here, in the test's
        // own task, so each is recorded against this test (not «unknown»).
        struct Outcome: Sendable { let prompt: Int; let maxError: Float; let overlap: Int; let generated: [Int32]; let expected: [Int32] }
        let outcomes = try await OffPool.run { () throws -> [Outcome] in
            var outcomes: [Outcome] = []
            for expected in reference.prompts {
                engine.rewind(to: 0)
                let logits = Array(try engine.evaluate(expected.prompt))
                let maxError = zip(logits, expected.logits).map { abs($0 - $1) }.max() ?? .infinity
                let overlap = Set(Self.top(5, logits)).intersection(Self.top(5, expected.logits)).count
                var generated: [Int32] = []
                var current = logits
                for _ in 0..<expected.generated.count {
                    let token = Int32(Self.top(1, current)[0])
                    generated.append(token)
                    current = Array(try engine.evaluate([token]))
                }
                outcomes.append(Outcome(prompt: expected.prompt.count, maxError: maxError, overlap: overlap, generated: generated,
                                        expected: expected.generated))
            }
            return outcomes
        }
        var lines: [String] = []
        for o in outcomes {
            let same = zip(o.generated, o.expected).prefix { $0 == $1 }.count
            // Quantization flips bound the logit error: one 8-bit step of one activation.
            #expect(o.maxError <= 0.1, "\(name): max abs logit error \(o.maxError) (\(kernels))")
            #expect(o.overlap >= 4, "\(name): top-5 overlap \(o.overlap)/5 (\(kernels))")
            #expect(o.generated == o.expected, "\(name): greedy tokens differ after \(same) of 32, prompt of \(o.prompt) (\(kernels))")
            lines.append("\(name)\(engine.usesRepackedWeights ? " (repacked)" : "") prompt \(o.prompt): max |Δlogit| \(o.maxError), "
                         + "top-5 \(o.overlap)/5, greedy \(same)/32 same; \(kernels)")
        }
        print(lines.joined(separator: "\n"))
    }

    /// Indices of the k largest values, largest first (a linear scan per k: cheap in debug builds).
    static func top(_ k: Int, _ values: [Float]) -> [Int] {
        var chosen: [Int] = []
        values.withUnsafeBufferPointer { v in
            for _ in 0..<k {
                var best = -1
                for i in 0..<v.count where !chosen.contains(i) && (best < 0 || v[i] > v[best]) { best = i }
                chosen.append(best)
            }
        }
        return chosen
    }
}

/// The kernels against llama.cpp's own compiled kernels, bit for bit (scripts/check_kernels.py).
@Suite("Kernels agree with ggml")
struct KernelAgreementTests {
    @Test("activation quantization, quantized dot products and SwiGLU are bit-identical, with and without AVX2")
    func bitIdentical() async throws {
        guard let python = ReferencePeers.python() else { return }
        for (what, extra) in [("the AVX2 kernels", ["--trials", "300"]), ("the portable kernels", ["--trials", "100", "--scalar"])] {
            let run = try await CommandRunner.run(
                python, [TestEnvironment.packageRoot + "/scripts/check_kernels.py"] + extra, inheritEnvironment: true)
            print(run.stdout)
            #expect(run.status == 0, "\(what): \(run.stdout)\(run.stderr.suffix(1500))")
            // Every line says how many of its trials differ: none may.
            let lines = run.stdout.split(separator: "\n").map(String.init).filter { $0.contains("differ") }
            #expect(lines.count >= 9, "\(what): \(run.stdout)\(run.stderr.suffix(1500))")
        }
    }
}
