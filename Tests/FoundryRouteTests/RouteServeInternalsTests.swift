import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRoute
@testable import FoundryRouting

@Suite("route serve internals")
struct RouteServeInternalsTests {
    @Test("metrics: per key and tag series through swift-prometheus; tags a client adds cannot grow the labels without bound")
    func metrics() {
        let m = ServeMetrics()
        m.started()
        m.finished(model: "onprem/small", status: .ok, caller: DecisionCaller(key: "k", tags: ["team": "a"]), decisionMicroseconds: 40, ttftMs: 12)
        m.spent(DecisionCaller(key: "k", tags: ["team": "a"]), usd: 0.25)
        for i in 0..<(ServeMetrics.maxTags + 10) {
            m.started()
            m.finished(model: "onprem/small", status: .ok, caller: DecisionCaller(key: "k", tags: ["req": "\(i)"]), decisionMicroseconds: nil, ttftMs: nil)
        }
        let text = m.text(storeUp: true, onFailure: .closed)
        #expect(text.contains(#"foundry_route_requests_total{model="onprem/small",status="ok"} \#(ServeMetrics.maxTags + 11)"#), "\(text.prefix(800))")
        #expect(text.contains(#"foundry_route_key_spend_usd_total{key="k"} 0.25"#) && text.contains(#"foundry_route_tag_requests_total{tag="team=a",status="ok"} 1"#))
        #expect(text.contains(#"foundry_route_tag_requests_total{tag="other",status="ok"} 11"#))
        #expect(text.contains(#"foundry_route_store_up{on_failure="closed"} 1"#) && text.contains("foundry_route_in_flight 0"))
    }

    @Test("the log writer appends every queued record before close returns, decision and usage joined by id")
    func logWriter() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let decisions = JSONLFile(path: dir + "/state/decisions.jsonl"), usage = JSONLFile(path: dir + "/state/usage.jsonl")
        let writer = ServeLogWriter(decisions: decisions, usage: usage)
        let quality = try #require(LearnedQualityModel.shipped)
        let entry = CatalogEntry(provider: "onprem", model: "m", contextWindow: 8192, capabilities: [.streaming], location: .onPrem,
                                 prices: Prices(input: 1, output: 2))
        let context = RoutingContext(entries: [entry], availability: { _ in .ready }, quality: quality)
        var ids: [String] = []
        for i in 0..<300 {
            let d = Router.decide(prompt: "q\(i)", promptTokens: 2, promptTokensMethod: "test", constraints: RouteConstraints(maxTokens: 16), context: context)
            ids.append(d.id)
            if i % 2 == 0 {
                writer.append(d, usage: UsageRecord(source: "route-serve", modelID: entry.id, provider: "onprem", decisionID: d.id,
                                                    usage: Usage(inputTokens: 2, outputTokens: 1)))
            } else {
                writer.append(d)
            }
        }
        writer.close()
        let written = try decisions.read(Decision.self)
        #expect(written.skipped == 0)
        #expect(written.records.map(\.id) == ids)
        let usageRecords = try usage.read(UsageRecord.self).records
        #expect(usageRecords.count == 150)
        #expect(usageRecords.compactMap(\.decisionID) == ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        writer.append(Router.decide(prompt: "late", promptTokens: 1, promptTokensMethod: "test", constraints: RouteConstraints(maxTokens: 1), context: context))
        #expect(try decisions.read(Decision.self).records.count == 301, "after close, appends are written at once")
    }
}
