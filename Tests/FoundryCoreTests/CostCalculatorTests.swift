import FoundryCore
import Testing
import FoundryCatalog

/// Every price kind against costs computed by hand (USD; prices per million tokens).
@Suite("Cost arithmetic")
struct CostCalculatorTests {
    let gpt = Prices(input: 2.50, cachedInput: 1.25, output: 10.00, batchDiscount: 0.5)
    let claude = Prices(input: 3.00, cachedInput: 0.30, cacheWrite: 3.75, output: 15.00)
    let tiered = Prices(input: 1.25, cachedInput: 0.125, output: 10.00,
                        tiers: [PriceTier(aboveInputTokens: 200_000, input: 2.50, cachedInput: 0.25, output: 15.00)])
    let realtime = Prices(input: 4.00, cachedInput: 0.40, output: 16.00, audioInput: 32.00, cachedAudioInput: 0.40, audioOutput: 64.00)

    func usd(_ t: BillableTokens, _ p: Prices, batch: Bool = false) -> Double { CostCalculator.cost(t, prices: p, batch: batch).usd }

    @Test("plain: 1,000 in × $2.50/M + 500 out × $10/M = $0.0075")
    func plain() {
        #expect(abs(usd(BillableTokens(input: 1000, output: 500), gpt) - 0.0075) < 1e-12)
    }

    @Test("cached: 2,000 × 2.50 + 8,000 × 1.25 + 1,000 × 10 (per M) = $0.025")
    func cached() {
        #expect(abs(usd(BillableTokens(input: 10_000, cachedInput: 8_000, output: 1_000), gpt) - 0.025) < 1e-12)
    }

    @Test("cache read and write: 2,000 × 3 + 6,000 × 0.30 + 2,000 × 3.75 + 500 × 15 (per M) = $0.0228")
    func cacheWrite() {
        let b = CostCalculator.cost(BillableTokens(input: 10_000, cachedInput: 6_000, cacheWrite: 2_000, output: 500), prices: claude)
        #expect(abs(b.usd - 0.0228) < 1e-12)
        #expect(b.lines.map(\.what) == ["input", "cached input", "cache write", "output"])
        #expect(b.assumptions.isEmpty)
    }

    @Test("long-context tier applies to the whole request above the threshold, not at it")
    func tiers() {
        let above = CostCalculator.cost(BillableTokens(input: 250_000, output: 2_000), prices: tiered)
        #expect(above.tierAbove == 200_000)
        #expect(abs(above.usd - 0.655) < 1e-12)  // 250,000 × 2.50 + 2,000 × 15
        let at = CostCalculator.cost(BillableTokens(input: 200_000, output: 2_000), prices: tiered)
        #expect(at.tierAbove == nil)
        #expect(abs(at.usd - 0.27) < 1e-12)  // 200,000 × 1.25 + 2,000 × 10
        let cachedAbove = usd(BillableTokens(input: 300_000, cachedInput: 100_000, output: 0), tiered)
        #expect(abs(cachedAbove - 0.525) < 1e-12)  // 200,000 × 2.50 + 100,000 × 0.25
    }

    @Test("batch: (10,000 × 2.50 + 1,000 × 10) / M × (1 − 0.5) = $0.0175")
    func batch() {
        #expect(abs(usd(BillableTokens(input: 10_000, output: 1_000), gpt, batch: true) - 0.0175) < 1e-12)
        let noBatch = CostCalculator.cost(BillableTokens(input: 10_000, output: 1_000), prices: claude, batch: true)
        #expect(noBatch.batchDiscount == nil)
        #expect(noBatch.assumptions == ["no batch discount offered: list prices"])
    }

    @Test("reasoning tokens are billed as output: 2,000 × $10/M = $0.02")
    func reasoning() {
        let b = CostCalculator.cost(BillableTokens(output: 2_000, reasoning: 1_500), prices: gpt)
        #expect(abs(b.usd - 0.02) < 1e-12)
        #expect(b.lines.first?.what == "output (incl. 1500 reasoning)")
    }

    @Test("realtime audio per minute: 3 min in = 1,800 tokens × $32/M, 2 min out = 2,400 × $64/M; $0.2112")
    func audio() {
        let tokens = BillableTokens.audio(inputMinutes: 3, outputMinutes: 2)
        #expect(tokens.audioInput == 1_800 && tokens.audioOutput == 2_400)
        #expect(abs(usd(tokens, realtime) - 0.2112) < 1e-12)
    }

    @Test("a missing cached price falls back to the input price, and says so")
    func fallback() {
        let b = CostCalculator.cost(BillableTokens(input: 1_000, cachedInput: 1_000, output: 0), prices: Prices(input: 1, output: 2))
        #expect(abs(b.usd - 0.001) < 1e-12)
        #expect(b.assumptions == ["no cached-input price: cached tokens billed at the input price"])
    }
}
