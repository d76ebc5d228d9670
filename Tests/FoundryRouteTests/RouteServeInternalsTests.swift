import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRoute
@testable import FoundryRouting

@Suite("route serve internals")
struct RouteServeInternalsTests {
    @Test("a streamed chunk is the JSON the OpenAI wire expects, escaping included")
    func chunkJSON() throws {
        let text = "line \"one\"\n\ttab \\ slash / é 😀 \u{01}"
        let event = ServeResponses.chunk(id: "chatcmpl-1", model: "onprem/m", created: 42, content: text)
        #expect(event.hasPrefix("data: ") && event.hasSuffix("\n\n"))
        let body = Data(event.dropFirst(6).dropLast(2).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["id"] as? String == "chatcmpl-1")
        #expect(object["object"] as? String == "chat.completion.chunk")
        #expect(object["created"] as? Int == 42)
        #expect(object["model"] as? String == "onprem/m")
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        #expect(choice["index"] as? Int == 0)
        #expect(choice["finish_reason"] is NSNull)
        #expect((choice["delta"] as? [String: Any])?["content"] as? String == text)
        // Byte for byte what the JSON encoder writes for the same value.
        let encoded = JSONValue.object(["id": .string("chatcmpl-1"), "object": .string("chat.completion.chunk"), "created": .number(42),
                                        "model": .string("onprem/m"),
                                        "choices": .array([.object(["index": .number(0), "delta": .object(["content": .string(text)]),
                                                                    "finish_reason": .null])])]).jsonString
        #expect(String(event.dropFirst(6).dropLast(2)) == encoded)
        let last = ServeResponses.chunk(id: "c", model: "m", created: 1, finish: "stop")
        #expect(last.contains(#""delta":{},"finish_reason":"stop""#))
    }

    @Test("recent values keep the last N in order")
    func recentValues() {
        var r = RecentValues(capacity: 3)
        #expect(r.values.isEmpty)
        for v in 1...5 { r.append(Double(v)) }
        #expect(r.values == [3, 4, 5])
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
