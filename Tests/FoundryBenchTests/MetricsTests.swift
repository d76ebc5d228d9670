import Foundation
import FoundryBench
import FoundryCore
import Testing
import FoundryCatalog

@Suite("metrics, goodput and early stop")
struct MetricsTests {
    static let t0 = ContinuousClock.now

    /// A request sent `startMs` after the run began, with content at the given offsets (ms after sending).
    static func record(_ index: Int, startMs: Int = 0, content: [Int], end: Int, usage: Usage? = nil, error: ProviderError? = nil,
                       text: String = "abcdefgh") -> RequestRecord {
        let sent = t0 + .milliseconds(startMs)
        let timing = RequestTiming(sent: sent, content: content.map { sent + .milliseconds($0) }, finished: sent + .milliseconds(end),
                                   usage: usage, text: text, error: error)
        let prompt = BenchPrompt(messages: [.user("hi")], maxTokens: 10, inputTokens: 4)
        return RequestRecord(index: index, timing: timing, prompt: prompt, runStart: t0, counter: .estimate)
    }

    @Test("a request's TTFT, ITL, TPOT and E2E from its instants; tokens from usage or counted, labelled")
    func request() {
        let r = Self.record(0, startMs: 100, content: [200, 220, 240, 260], end: 261, usage: Usage(inputTokens: 9, outputTokens: 4))
        #expect(r.startS == 0.1)
        #expect(r.ttftMs == 200)
        #expect(r.itlMs == [20, 20, 20])
        #expect(r.e2elMs == 261)
        #expect(r.tpotMs == (261.0 - 200) / 3)
        #expect(r.tokensFrom == "usage" && r.inputTokens == 9 && r.outputTokens == 4)
        let counted = Self.record(1, content: [50], end: 60)
        #expect(counted.tokensFrom == "estimated" && counted.outputTokens == 2 && counted.inputTokens == 4)
        let failed = Self.record(2, content: [], end: 5, error: .http(status: 500, provider: "p", model: nil, detail: ""))
        #expect(!failed.ok && failed.error == "server" && failed.ttftMs == nil && failed.tpotMs == nil)
    }

    @Test("the summary uses vLLM's key names over successful requests and counts errors by kind")
    func summary() {
        var records = (0..<10).map { i in
            Self.record(i, startMs: i * 100, content: [200 + i, 220 + i, 240 + i], end: 241 + i, usage: Usage(inputTokens: 10, outputTokens: 3))
        }
        records.append(Self.record(10, content: [], end: 3, error: .http(status: 429, provider: "p", model: nil, detail: "")))
        records.append(Self.record(11, content: [], end: 3, error: .http(status: 429, provider: "p", model: nil, detail: "")))
        let settings = BenchSummary.Settings(target: "t", modelID: "m", backend: "openai-chat", plan: LoadPlan(requests: 12, concurrency: 4), stream: true,
                                             slo: try? ServiceLevelObjective(parsing: "ttft=205ms"))
        let s = SummaryBuilder.build(records, settings: settings, durationS: 2, tokenCountMethod: TokenEstimate.method)
        #expect(s.completed == 10 && s.failed == 2)
        #expect(s.errorsByKind == ["rate_limited": 2])
        #expect(s.totalOutputTokens == 30 && s.tokenCounts == "usage")
        #expect(s.requestThroughput == 5 && s.outputThroughput == 15)
        #expect(s.goodRequests == 6)
        let json = s.json
        #expect(json["mean_ttft_ms"]?.doubleValue == 204.5)
        #expect(abs((json["median_ttft_ms"]?.doubleValue ?? 0) - 204) < 0.01)
        #expect(abs((json["p99_itl_ms"]?.doubleValue ?? 0) - 20) < 0.01)
        #expect(json["median_e2el_ms"]?.doubleValue.map { abs($0 - 245) < 0.01 } == true)
        #expect(json["request_goodput"]?.doubleValue == 3)
        #expect(json["errors_by_kind"]?["rate_limited"]?.intValue == 2)
        #expect(json["max_tpot_ms"] != nil && json["std_e2el_ms"] != nil && json["p95_ttft_ms"] != nil)
        let csv = SummaryCSV.render(s).split(separator: "\n")
        #expect(csv.count == 2)
        #expect(csv[0].split(separator: ",").count == csv[1].split(separator: ",").count)
    }

    @Test("--slo parsing and what it admits")
    func slo() throws {
        let slo = try ServiceLevelObjective(parsing: "ttft=300ms,tpot=0.05s,e2e=2000")
        #expect(slo.limits == [.ttft: 300, .tpot: 50, .e2el: 2000])
        #expect(slo.text == "ttft=300ms,tpot=50ms,e2el=2000ms")
        #expect(slo.isMet(by: Self.record(0, content: [250, 290], end: 300)))
        #expect(!slo.isMet(by: Self.record(0, content: [350, 360], end: 400)))
        #expect(!slo.isMet(by: Self.record(0, content: [250], end: 2500)))
        #expect(throws: FoundryError.self) { try ServiceLevelObjective(parsing: "latency=3s") }
        #expect(throws: FoundryError.self) { try ServiceLevelObjective(parsing: "ttft=fast") }
    }

    @Test("early stop: at once for auth, unknown model or an unreachable target; after ten failures otherwise")
    func stopPolicy() {
        var policy = StopPolicy()
        #expect(policy.observe(.http(status: 401, provider: "p", model: nil, detail: ""))?.code == "auth")
        var unreachable = StopPolicy()
        #expect(unreachable.observe(.network(provider: "p", model: nil, detail: "connection refused"))?.code == "network")
        var flaky = StopPolicy()
        #expect(flaky.observe(nil) == nil)
        #expect(flaky.observe(.network(provider: "p", model: nil, detail: "reset")) == nil)
        var failing = StopPolicy()
        let server = ProviderError.http(status: 500, provider: "p", model: nil, detail: "")
        for _ in 0..<9 { #expect(failing.observe(server) == nil) }
        #expect(failing.observe(server)?.code == "server")
    }
}
