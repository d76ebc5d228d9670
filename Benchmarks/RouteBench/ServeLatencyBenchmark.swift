import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore

/// `route serve`'s added latency: the same streaming request sent straight to an
/// OpenAI-compatible upstream and through `foundry route serve` in front of it, `concurrency`
/// at a time, alternating rounds; time to first content byte measured at the client.
enum ServeLatencyBenchmark {
    struct Result {
        var directTTFT: [Double] = []
        var routedTTFT: [Double] = []
        var errors = 0
        var requests = 0
    }

    static func run(upstream: String, routed: String, concurrency: Int, rounds: Int) async -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency * 2
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        var result = Result()
        for round in 0..<rounds {
            for target in (round % 2 == 0 ? [upstream, routed] : [routed, upstream]) {
                let samples = await withTaskGroup(of: Double?.self) { group in
                    for _ in 0..<concurrency { group.addTask { await ttft(client, target) } }
                    var values: [Double?] = []
                    for await v in group { values.append(v) }
                    return values
                }
                result.requests += samples.count
                result.errors += samples.filter { $0 == nil }.count
                if target == upstream { result.directTTFT += samples.compactMap { $0 } } else { result.routedTTFT += samples.compactMap { $0 } }
            }
        }
        try? await client.shutdown()
        return result
    }

    /// Milliseconds from sending to the first content chunk, or nil on any error.
    static func ttft(_ client: HTTPClient, _ base: String) async -> Double? {
        var request = HTTPClientRequest(url: base + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"auto","stream":true,"max_tokens":16,"messages":[{"role":"user","content":"Say hello"}]}"#))
        let clock = ContinuousClock(), start = clock.now
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            guard response.status == .ok else { return nil }
            var first: Double?
            var seen = ""
            for try await buffer in response.body {
                seen += String(buffer: buffer)
                if first == nil, seen.contains("\"content\":\"H") { first = (clock.now - start).millisecondsDouble }
            }
            return seen.contains("[DONE]") ? first : nil
        } catch {
            return nil
        }
    }
}
