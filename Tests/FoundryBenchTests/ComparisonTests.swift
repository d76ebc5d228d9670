import Foundation
import FoundryBench
import FoundryCore
import FoundryTestSupport
import Testing

@Suite("bench compare and endpoint URLs")
struct ComparisonTests {
    @Test("differences, ratios and the better side; missing metrics shown as missing")
    func compare() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        try #"{"target":"a","request_throughput":10,"median_ttft_ms":200,"p99_itl_ms":30,"failed":0}"#.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try #"{"target":"b","request_throughput":15,"median_ttft_ms":100,"failed":0,"mean_e2el_ms":900}"#.write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        let c = try Comparison(a: dir + "/a.json", b: dir + "/b.json")
        let byName = Dictionary(uniqueKeysWithValues: c.rows.map { ($0.metric, $0) })
        #expect(byName["request_throughput"]?.ratio == 1.5)
        #expect(byName["request_throughput"]?.better == "b")
        #expect(byName["median_ttft_ms"]?.difference == -100)
        #expect(byName["median_ttft_ms"]?.better == "b")
        #expect(byName["p99_itl_ms"]?.b == nil && byName["p99_itl_ms"]?.ratio == nil)
        #expect(byName["failed"]?.better == nil)
        #expect(c.text().contains("1.500×"))
        try #"{"hello":1}"#.write(toFile: dir + "/x.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: FoundryError.self) { try Comparison(a: dir + "/a.json", b: dir + "/x.json") }
        #expect(error?.message.contains("is not a bench result") == true)
        // Two bench voice results: the stages after the speech end, lower is better.
        try #"{"target":"v1","completed":10,"mean_first_audio_ms":700,"median_first_audio_ms":650,"p99_vad_to_first_audio_ms":300}"#
            .write(toFile: dir + "/v1.json", atomically: true, encoding: .utf8)
        try #"{"target":"v2","completed":10,"mean_first_audio_ms":900,"median_first_audio_ms":975,"p99_vad_to_first_audio_ms":240}"#
            .write(toFile: dir + "/v2.json", atomically: true, encoding: .utf8)
        let voice = Dictionary(uniqueKeysWithValues: try Comparison(a: dir + "/v1.json", b: dir + "/v2.json").rows.map { ($0.metric, $0) })
        #expect(voice["median_first_audio_ms"]?.ratio == 1.5 && voice["median_first_audio_ms"]?.better == "a")
        #expect(voice["p99_vad_to_first_audio_ms"]?.better == "b")
    }

    @Test("--url forms: base URL, bare host, full path")
    func urls() throws {
        #expect(try EndpointURL("http://127.0.0.1:8000/v1").path == "/v1/chat/completions")
        #expect(try EndpointURL("http://localhost:8000").path == "/v1/chat/completions")
        let full = try EndpointURL("https://example.com/openai/v1/chat/completions?api-version=1")
        #expect(full.path == "/openai/v1/chat/completions?api-version=1" && full.port == 443 && full.hostHeader == "example.com")
        #expect(try EndpointURL("http://h:8080/v1/").hostHeader == "h:8080")
        #expect(throws: FoundryError.self) { try EndpointURL("ftp://x") }
        #expect(throws: FoundryError.self) { try EndpointURL("127.0.0.1:8000") }
    }
}
