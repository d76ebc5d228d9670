import FoundryCore
import FoundryLM
import FoundryGGUF

/// llama-bench's measurement in process: prompt processing of `promptTokens` random tokens in
/// one batch (pp) and generation of `generatedTokens` tokens one at a time (tg), each repeated
/// after a warm-up, with the KV cache cleared before every repetition.
public struct LocalModelBenchmark: Sendable {
    public var path: String
    public var promptTokens = 512
    public var generatedTokens = 128
    public var threads: Int?
    public var repetitions = 5
    public var seed: UInt64 = 1

    public init(path: String) { self.path = path }

    /// Runs the tests; `progress` hears what is running, `warning` what the user should know.
    public func run(progress: (String) -> Void = { _ in }, warning: (String) -> Void = { _ in }) throws -> LocalBenchResult {
        let clock = Stopwatch()
        let file = try GGUFFile(path: path)
        let context = max(promptTokens + generatedTokens, 16)
        if let trained = file.contextLength, context > trained {
            warning("\(promptTokens + generatedTokens) tokens exceed the \(trained) the model was trained with: speed is measured, the text would not be sensible")
        }
        let model = try LlamaModel(file: file, contextLength: context, threads: threads, batch: max(1, min(promptTokens, 512)))
        var random = SplitMix64(seed: seed)
        let vocabulary = model.vocabularySize
        func randomToken() -> Int32 { Int32(random.next() % UInt64(vocabulary)) }

        // Load to first token: the first pass touches every weight page of the mapping.
        try model.evaluate([randomToken()])
        let loadMs = clock.milliseconds

        var prompt: LocalBenchResult.Test?
        if promptTokens > 0 {
            progress("pp\(promptTokens) warm-up")
            _ = try timePrompt(model, tokens: (0..<promptTokens).map { _ in randomToken() })
            var ms: [Double] = []
            for r in 1...repetitions {
                progress("pp\(promptTokens) \(r)/\(repetitions)")
                ms.append(try timePrompt(model, tokens: (0..<promptTokens).map { _ in randomToken() }))
            }
            prompt = .init(name: "pp\(promptTokens)", tokens: promptTokens, samplesTokS: ms.map { Double(promptTokens) / ($0 / 1000) }, samplesMs: ms)
        }
        var generation: LocalBenchResult.Test?
        if generatedTokens > 0 {
            progress("tg\(generatedTokens) warm-up")
            _ = try timeGeneration(model, count: 1, next: randomToken)
            var ms: [Double] = []
            for r in 1...repetitions {
                progress("tg\(generatedTokens) \(r)/\(repetitions)")
                ms.append(try timeGeneration(model, count: generatedTokens, next: randomToken))
            }
            generation = .init(name: "tg\(generatedTokens)", tokens: generatedTokens, samplesTokS: ms.map { Double(generatedTokens) / ($0 / 1000) }, samplesMs: ms)
        }
        return LocalBenchResult(
            model: file.name ?? path, path: path, fileType: file.fileTypeName, fileBytes: file.fileSize,
            parameters: file.parameterCount, kernels: LlamaModel.kernelSet, threads: model.threads, contextLength: context,
            loadMs: loadMs, prompt: prompt, generation: generation, peakRSSBytes: ProcessMemory.peakResidentBytes())
    }

    private func timePrompt(_ model: LlamaModel, tokens: [Int32]) throws -> Double {
        model.rewind(to: 0)
        let clock = Stopwatch()
        try model.evaluate(tokens)
        return clock.milliseconds
    }

    /// Generation as llama-bench times it: each step evaluates one token and reads the logits.
    private func timeGeneration(_ model: LlamaModel, count: Int, next: () -> Int32) throws -> Double {
        model.rewind(to: 0)
        let clock = Stopwatch()
        for _ in 0..<count { try model.evaluate([next()]) }
        return clock.milliseconds
    }
}
