import Foundation
import FoundryCore
import FoundryTestSupport
@testable import FoundryLM
import Testing
@testable import FoundryGGUF

/// Every intermediate tensor of the engine (the TensorDump debugging aid) against llama.cpp's
/// own, operation by operation, with scripts/dump_llama_tensors.py: a batch of 17 tokens (the
/// batched kernels) and two decoded tokens (the one-token kernels). When a kernel changes, the
/// first line that differs names the operation.
@Suite("Intermediate tensors agree with llama.cpp", .serialized)
struct TensorDumpAgreementTests {
    @Test("every dumped tensor is bit-identical", arguments: ["q4_k_m", "q4_0", "f16"])
    func identical(type: String) async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(python: python, extra: LlamaCppAgreementTests.small + ["--type", type])
        let prompt = LlamaCppAgreementTests.prompts[1]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("foundry-dump-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = TestEnvironment.packageRoot + "/scripts/dump_llama_tensors.py"
        let reference = directory + "/llama.npz"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let engine = try await OffPool.run { try LlamaModel(file: try GGUFFile(path: model), contextLength: 512, threads: 2) }
        let dump = try await CommandRunner.run(
            python, [script, "--model", model, "--prompt", "[" + prompt.map(String.init).joined(separator: ",") + "]", "-n", "2",
                     "--out", reference] + (engine.usesRepackedWeights ? ["--repack"] : []), inheritEnvironment: true)
        try #require(dump.status == 0, "dump_llama_tensors.py failed: \(dump.stderr.suffix(2000))")

        let ours = directory + "/foundry"
        try await OffPool.run {
            engine.tensorDump = TensorDump(directory: ours)
            var logits = Array(try engine.evaluate(prompt))
            for _ in 0..<2 {
                let next = logits.indices.max { logits[$0] < logits[$1] }!
                logits = Array(try engine.evaluate([Int32(next)]))
            }
        }
        let compare = try await CommandRunner.run(python, [script, "--compare", reference, ours], inheritEnvironment: true)
        let kernels = "foundry kernels \(LlamaModel.kernelSet), llama.cpp "
            + ReferencePeers.enabledFeatures(await ReferencePeers.llamaSystemInfo(python: python))
        #expect(compare.status == 0, "\(type) (\(kernels)): \(compare.stdout.suffix(3000))\(compare.stderr.suffix(1000))")
        #expect(compare.stdout.contains(" 0 differ"), "\(type) (\(kernels)): \(compare.stdout.suffix(500))")
        print("\(type): \(kernels)")
    }
}
