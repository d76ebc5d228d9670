import Foundation
import FoundryCore
import FoundryProviders
@testable import FoundryRoute
@testable import FoundryRouting
import Testing
import FoundryCatalog

/// A predictor with fixed probabilities, so the tests check the policy, not the learning.
struct FixedQuality: QualityPredictor {
    let values: [String: Double]
    var version: String { "fixed (test)" }
    func predict(prompt: String, models: [CatalogEntry]) -> [String: QualityEstimate] {
        Dictionary(uniqueKeysWithValues: models.map { ($0.id, QualityEstimate(probability: values[$0.id] ?? 0.5, source: "prior")) })
    }
}

func model(_ id: String, input: Double, output: Double, context: Int = 128_000, caps: [Capability] = [.streaming, .tools],
           location: Location = .cloud, region: String = "global", retired: String? = nil) -> CatalogEntry {
    let parts = id.split(separator: "/", maxSplits: 1).map(String.init)
    var e = CatalogEntry(provider: parts[0], model: parts[1], contextWindow: context, maxOutputTokens: 16_000, capabilities: caps,
                         location: location, regionFamily: location == .cloud ? region : nil, prices: Prices(input: input, output: output))
    e.retirementDate = retired
    return e
}

@Suite("Router decisions")
struct RouterTests {
    let entries = [
        model("p/strong", input: 10, output: 30),
        model("p/good", input: 1, output: 4),
        model("p/cheap", input: 0.1, output: 0.4),
        model("p/local", input: 0, output: 0, location: .local),
    ]
    let quality = FixedQuality(values: ["p/strong": 0.92, "p/good": 0.89, "p/cheap": 0.70, "p/local": 0.60])

    func decide(_ c: RouteConstraints, entries: [CatalogEntry]? = nil, latency: LatencyStats.Document = .init(),
                available: Set<String>? = nil) -> Decision {
        let ready = available
        let context = RoutingContext(
            entries: entries ?? self.entries,
            availability: { e in ready.map { $0.contains(e.id) ? .ready : .missingKey(["P_API_KEY"]) } ?? .ready },
            quality: quality, latency: latency, today: "2026-11-21")
        return Router.decide(prompt: "What is 2+2?", promptTokens: 1000, promptTokensMethod: "test", constraints: c, context: context)
    }

    @Test("balanced: the cheapest model within the band below the best predicted quality")
    func balanced() {
        let d = decide(RouteConstraints(prefer: .balanced, band: 0.05, maxTokens: 500))
        #expect(d.chosen == "p/good")
        #expect(d.bestQuality == 0.92)
        #expect(abs((d.bandFloor ?? 0) - 0.87) < 1e-9)
        #expect(d.candidates.map(\.id) == ["p/good", "p/strong", "p/cheap", "p/local"])
        #expect(d.candidates.map(\.inBand) == [true, true, false, false])
        // predicted cost = 1,000 × $1/M + 500 × $4/M
        #expect(abs(d.candidates[0].costUSD - 0.003) < 1e-12)
    }

    @Test("quality picks the best; cost widens the band; a custom band narrows it")
    func preferences() {
        #expect(decide(RouteConstraints(prefer: .quality)).chosen == "p/strong")
        #expect(decide(RouteConstraints(prefer: .cost, band: 0.25)).chosen == "p/cheap")
        #expect(decide(RouteConstraints(prefer: .balanced, band: 0.01)).chosen == "p/strong")
    }

    @Test("latency: the fastest measured model within the band")
    func latency() {
        var stats = LatencyStats.Document()
        stats.models["p/strong"] = LatencyStats.Samples(ttftMs: [200, 210, 190], totalMs: [900], updated: "")
        stats.models["p/good"] = LatencyStats.Samples(ttftMs: [400, 420, 380], totalMs: [1500], updated: "")
        let d = decide(RouteConstraints(prefer: .latency), latency: stats)
        #expect(d.chosen == "p/strong")
        #expect(d.candidates.first?.ttftMs == 200)
        let limited = decide(RouteConstraints(maxLatencyMs: 300), latency: stats)
        #expect(limited.chosen == "p/strong")
        let rejected = limited.rejected.first { $0.id == "p/good" }
        #expect(rejected?.constraint == .maxLatency)
        #expect(rejected?.wouldAdmit == "--max-latency 400")
        #expect(limited.rejected.first { $0.id == "p/cheap" }?.reason.contains("never measured") == true)
    }

    @Test("hard filters each name their constraint and what would admit the model")
    func filters() {
        let more = entries + [
            model("p/old", input: 0.01, output: 0.01, retired: "2026-10-01"),
            model("p/small", input: 0.05, output: 0.1, context: 1200),
            model("p/eu", input: 0.2, output: 0.8, region: "eu"),
            model("p/notools", input: 0.05, output: 0.1, caps: [.streaming]),
        ]
        let d = decide(RouteConstraints(maxCostUSD: 0.005, needs: [.tools], exclude: ["p/strong"], region: "global", maxTokens: 500),
                       entries: more, available: Set(more.map(\.id)).subtracting(["p/local"]))
        let why = Dictionary(uniqueKeysWithValues: d.rejected.map { ($0.id, $0) })
        #expect(why["p/old"]?.constraint == .retired)
        #expect(why["p/small"]?.constraint == .contextWindow)
        #expect(why["p/small"]?.wouldAdmit == "--max-tokens 200")
        #expect(why["p/eu"]?.constraint == .region)
        #expect(why["p/eu"]?.wouldAdmit == "--region eu")
        #expect(why["p/notools"]?.constraint == .capability)
        #expect(why["p/strong"]?.constraint == .exclude)
        #expect(why["p/local"]?.constraint == .key)
        #expect(why["p/local"]?.wouldAdmit == "set P_API_KEY")
        #expect(d.chosen == "p/good")

        let tight = decide(RouteConstraints(maxCostUSD: 0.001, maxTokens: 500))
        let good = tight.rejected.first { $0.id == "p/good" }
        #expect(good?.constraint == .maxCost)
        #expect(good?.wouldAdmit == "--max-cost 0.003")
        #expect(tight.chosen == "p/cheap")
    }

    @Test("min quality, local-only, on-prem-only, budget")
    func moreFilters() {
        let q = decide(RouteConstraints(minQuality: 0.9))
        #expect(q.chosen == "p/strong")
        #expect(q.rejected.first { $0.id == "p/good" }?.wouldAdmit == "--min-quality 0.89")
        #expect(decide(RouteConstraints(localOnly: true)).chosen == "p/local")
        #expect(decide(RouteConstraints(onPremOnly: true)).chosen == "p/local")
        let broke = decide(RouteConstraints(maxTokens: 500, budgetRemainingUSD: 0.001))
        #expect(broke.candidates.map(\.id) == ["p/cheap", "p/local"])
        #expect(broke.rejected.first { $0.id == "p/good" }?.constraint == .budget)
        let none = decide(RouteConstraints(maxTokens: 500, budgetRemainingUSD: 0), entries: Array(entries.prefix(3)))
        #expect(none.chosen == nil)
    }

    @Test("the explanation shows the choice, the band, the fallbacks and every rejection")
    func explanation() {
        let d = decide(RouteConstraints(maxCostUSD: 0.005, maxTokens: 500))
        let text = DecisionExplainer.text(d)
        #expect(text.contains("chosen: p/good — the only model within the quality band (0.890)"))
        #expect(text.contains("band: best predicted quality 0.890"))
        #expect(text.contains("fallbacks before the first token: p/cheap → p/local"))
        #expect(text.contains("p/strong: max_cost: may cost $0.025 per request, above $0.005 [admitted by --max-cost 0.025]"))
        let wide = DecisionExplainer.text(decide(RouteConstraints(maxTokens: 500)))
        #expect(wide.contains("chosen: p/good — cheapest ($0.003) of 2 models within the band; quality 0.890, cheaper than p/strong ($0.025)"))
        let twins = [model("a/same", input: 1, output: 4), model("b/same", input: 1, output: 4)]
        let tie = DecisionExplainer.text(decide(RouteConstraints(maxTokens: 500), entries: twins))
        #expect(tie.contains("as cheap as b/same (ties go to higher quality, then the id)"), "equal costs are not called cheaper")
    }
}

@Suite("Router: realtime models")
struct RouterRealtimeTests {
    @Test("realtime-only models are never routed chat requests")
    func realtime() {
        let entries = [model("p/rt", input: 0.01, output: 0.01, caps: [.streaming, .realtime, .audio]), model("p/chat", input: 1, output: 1)]
        let context = RoutingContext(entries: entries, availability: { _ in .ready }, quality: FixedQuality(values: [:]), today: "2026-11-21")
        let d = Router.decide(prompt: "hi", promptTokens: 1, promptTokensMethod: "test", constraints: RouteConstraints(), context: context)
        #expect(d.chosen == "p/chat")
        #expect(d.rejected.first?.reason.contains("realtime (WebSocket) model") == true)
    }
}
