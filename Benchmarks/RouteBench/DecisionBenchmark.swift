import Foundation
import FoundryCore
import FoundryRouting
import FoundryCatalog

/// Decision overhead: Router.decide with the shipped learned quality model over a 50-model
/// catalog (the embedded catalog's live models, topped up with on-prem entries), for prompts of
/// varied length and kind.
enum DecisionBenchmark {
    static func run(iterations: Int) throws -> (p50: Double, p99: Double, max: Double, models: Int) {
        guard let quality = LearnedQualityModel.shipped else { throw FoundryError.failure("no shipped quality model") }
        let today = Timestamp.day(Date())
        var entries = Catalog.embedded().entries.filter { !$0.isRetired(on: today) }
        var extra = 0
        while entries.count < 50 {
            extra += 1
            entries.append(CatalogEntry(provider: "onprem", model: "model-\(extra)", contextWindow: 32_768, capabilities: [.streaming, .tools],
                                        location: .onPrem, prices: Prices(input: 0.1 * Double(extra), output: 0.3 * Double(extra))))
        }
        let prompts = samplePrompts()
        let context = RoutingContext(entries: entries, availability: { _ in .ready }, quality: quality, today: today)
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for i in 0..<(iterations + 200) {
            let prompt = prompts[i % prompts.count]
            let clock = ContinuousClock(), start = clock.now
            let d = Router.decide(prompt: prompt, promptTokens: TokenEstimate.tokens(prompt), promptTokensMethod: TokenEstimate.method,
                                  constraints: RouteConstraints(maxTokens: 512), context: context)
            let elapsed = (clock.now - start).millisecondsDouble * 1000
            precondition(d.chosen != nil)
            if i >= 200 { samples.append(elapsed) }  // the first 200 warm up
        }
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))], samples.last!, entries.count)
    }

    static func samplePrompts() -> [String] {
        let short = ["hi", "What is 2+2?", "Translate 'good morning' to German.", "Name three prime numbers."]
        let code = "Write a Python function that merges two sorted lists into one sorted list, with tests. " + String(repeating: "def f(x): return x * 2\n", count: 20)
        let long = String(repeating: "The committee reviewed the quarterly figures and the risks of the migration plan. ", count: 120)
        let mcq = "Which of the following best explains why magnets stick to a refrigerator door?\nA) The door is made of iron\nB) The door is painted\nC) The magnet is charged\nD) Air pressure\nAnswer:"
        return short + [code, long, mcq]
    }
}
