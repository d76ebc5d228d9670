import Foundation
import FoundryCore

/// Picks tokens from logits. Reuses its buffers: no allocation per token once warm.
public struct Sampler: Sendable {
    public let options: SamplingOptions
    private var random: SplitMix64
    private var candidates: [(id: Int32, logit: Float)] = []
    private var probabilities: [Float] = []

    public init(options: SamplingOptions) {
        self.options = options
        random = SplitMix64(seed: options.seed)
    }

    /// The next token given the logits and the tokens so far (for the repetition penalty).
    public mutating func sample(_ logits: UnsafeBufferPointer<Float>, history: [Int32]) -> Int32 {
        let o = options
        let penalised = o.repeatPenalty != 1 && o.repeatWindow > 0 ? Set(history.suffix(o.repeatWindow)) : []
        @inline(__always) func logit(_ i: Int) -> Float {
            let l = logits[i]
            guard !penalised.isEmpty, penalised.contains(Int32(i)) else { return l }
            return l > 0 ? l / o.repeatPenalty : l * o.repeatPenalty
        }
        if o.temperature <= 0 {
            var best = 0
            var bestLogit = logit(0)
            for i in 1..<logits.count {
                let l = logit(i)
                if l > bestLogit { best = i; bestLogit = l }
            }
            return Int32(best)
        }
        // Top-k by a bounded selection (k largest, then sorted); k = 0 keeps every token.
        let k = o.topK > 0 ? min(o.topK, logits.count) : logits.count
        candidates.removeAll(keepingCapacity: true)
        if k < logits.count {
            var threshold = -Float.infinity
            for i in 0..<logits.count {
                let l = logit(i)
                guard candidates.count < k || l > threshold else { continue }
                candidates.append((Int32(i), l))
                if candidates.count >= 2 * k {
                    candidates.sort { $0.logit > $1.logit }
                    candidates.removeLast(candidates.count - k)
                    threshold = candidates[k - 1].logit
                }
            }
            candidates.sort { $0.logit > $1.logit }
            if candidates.count > k { candidates.removeLast(candidates.count - k) }
        } else {
            for i in 0..<logits.count { candidates.append((Int32(i), logit(i))) }
            candidates.sort { $0.logit > $1.logit }
        }
        softmax()
        // Top-p: the smallest prefix whose probability reaches p.
        if o.topP < 1 {
            var cumulative: Float = 0
            var keep = candidates.count
            for i in 0..<candidates.count {
                cumulative += probabilities[i]
                if cumulative >= o.topP { keep = i + 1; break }
            }
            candidates.removeLast(candidates.count - keep)
            softmax()
        }
        // Min-p: drop tokens less likely than min_p × the most likely one.
        if o.minP > 0, let first = probabilities.first {
            let threshold = first * o.minP
            let keep = max(1, probabilities.prefix { $0 >= threshold }.count)
            candidates.removeLast(candidates.count - keep)
        }
        for i in 0..<candidates.count { candidates[i].logit /= o.temperature }
        softmax()
        let draw = Float(Double(random.next() >> 11) / Double(1 << 53))
        var cumulative: Float = 0
        for i in 0..<candidates.count {
            cumulative += probabilities[i]
            if draw < cumulative { return candidates[i].id }
        }
        return candidates[candidates.count - 1].id
    }

    /// Probabilities of the (sorted) candidates.
    private mutating func softmax() {
        probabilities.removeAll(keepingCapacity: true)
        guard let maxLogit = candidates.map(\.logit).max() else { return }
        var sum: Float = 0
        for c in candidates {
            let e = exp(c.logit - maxLogit)
            probabilities.append(e)
            sum += e
        }
        for i in 0..<probabilities.count { probabilities[i] /= sum }
    }
}
