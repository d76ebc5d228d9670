import ArgumentParser
import FoundryLM

/// Sampling flags shared by `run` (llama.cpp's names and defaults).
struct SamplingArguments: ParsableArguments {
    @Option(name: .long, help: "Temperature; 0 picks the most likely token (greedy).")
    var temp: Float = 0.8

    @Option(name: .customLong("top-k"), help: "Keep the k most likely tokens (0 = all).")
    var topK: Int = 40

    @Option(name: .customLong("top-p"), help: "Keep the smallest set of tokens whose probability reaches p.")
    var topP: Float = 0.95

    @Option(name: .customLong("min-p"), help: "Drop tokens less likely than min-p × the most likely one.")
    var minP: Float = 0.05

    @Option(name: .customLong("repeat-penalty"), help: "Penalise the last 64 tokens (1 = off).")
    var repeatPenalty: Float = 1.0

    @Option(name: .long, help: "Random seed (default: a new one each run).")
    var seed: UInt64?

    func validate() throws {
        guard temp >= 0, temp.isFinite else { throw ValidationError("--temp must be 0 or more, not \(temp)") }
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 or more, not \(topK)") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1], not \(topP)") }
        guard minP >= 0, minP < 1 else { throw ValidationError("--min-p must be in [0, 1), not \(minP)") }
        guard repeatPenalty > 0 else { throw ValidationError("--repeat-penalty must be positive, not \(repeatPenalty)") }
    }

    var options: SamplingOptions {
        var o = SamplingOptions()
        o.temperature = temp
        o.topK = topK
        o.topP = topP
        o.minP = minP
        o.repeatPenalty = repeatPenalty
        o.seed = seed ?? UInt64.random(in: 0...UInt64.max)
        return o
    }
}
