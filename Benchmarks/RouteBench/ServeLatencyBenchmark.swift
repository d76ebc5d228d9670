import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore
import Synchronization

/// `route serve`'s added latency: the same streaming request sent straight to an
/// OpenAI-compatible upstream and through `foundry route serve` in front of it; time to the
/// first content byte measured at the client, direct and routed phases alternating.
enum ServeLatencyBenchmark {
    struct Result {
        var directTTFT: [Double] = []
        var routedTTFT: [Double] = []
        var errors = 0
        var requests = 0
        var routedRequests = 0
        /// Why requests failed (`ServeLatencyBenchmark.takeFailures`).
        var failures = "none"
    }

    struct Target {
        var base: String
        var headers: [(String, String)] = []
    }

    /// Why requests failed, by kind (`HTTP 503`, `cut stream`, the client's error), since the
    /// last `takeFailures()`.
    static let failures = Mutex<[String: Int]>([:])

    static func failed(_ kind: String) { failures.withLock { $0[kind, default: 0] += 1 } }

    /// The failures seen since the last call, as `kind ×N, …`, or "none".
    static func takeFailures() -> String {
        let seen = failures.withLock { f in
            defer { f = [:] }
            return f
        }
        return seen.isEmpty ? "none" : seen.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    /// The `code` of an OpenAI-shaped error body, or "".
    static func errorCode(_ body: String) -> String {
        guard let range = body.range(of: #""code":"[^"]*""#, options: .regularExpression) else { return "" }
        return String(body[range].dropFirst(8).dropLast())
    }

    static func client(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Bursts: `concurrency` requests sent at the same instant, all answered at once by the
    /// upstream, then the next burst. The p50 is the time to serve half the burst, so this shows
    /// throughput on the shared cores more than per-request latency.
    static func burst(direct: Target, routed: Target, concurrency: Int, rounds: Int) async -> Result {
        let client = client(connections: concurrency * 2)
        var result = Result()
        for round in 0..<rounds {
            for (isDirect, target) in (round % 2 == 0 ? [(true, direct), (false, routed)] : [(false, routed), (true, direct)]) {
                let samples = await withTaskGroup(of: Double?.self) { group in
                    for _ in 0..<concurrency { group.addTask { await ttft(client, target) } }
                    var values: [Double?] = []
                    for await v in group { values.append(v) }
                    return values
                }
                result.add(samples, direct: isDirect)
            }
        }
        try? await client.shutdown()
        result.failures = takeFailures()
        return result
    }

    /// Sustained: `concurrency` streams in flight at all times (each worker sends its next
    /// request when its stream ends, workers staggered over one stream), against an upstream
    /// that paces its tokens like a model server. Each phase runs `perWorker` requests per
    /// worker; the first request of each worker in a phase is a warm-up and not counted.
    static func sustained(direct: Target, routed: Target, concurrency: Int, perWorker: Int, phases: Int, stagger: Duration) async -> Result {
        let client = client(connections: concurrency * 2)
        var result = Result()
        for phase in 0..<phases {
            let (isDirect, target) = phase % 2 == 0 ? (true, direct) : (false, routed)
            let samples = await withTaskGroup(of: [Double?].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        try? await Task.sleep(for: stagger * worker / concurrency)
                        var values: [Double?] = []
                        for i in 0...perWorker {
                            let v = await ttft(client, target)
                            if i > 0 { values.append(v) }
                        }
                        return values
                    }
                }
                var values: [Double?] = []
                for await v in group { values += v }
                return values
            }
            result.add(samples, direct: isDirect)
        }
        try? await client.shutdown()
        result.failures = takeFailures()
        return result
    }

    /// Milliseconds from sending to the first content chunk, or nil on any error.
    static func ttft(_ client: HTTPClient, _ target: Target) async -> Double? {
        var request = HTTPClientRequest(url: target.base + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in target.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: #"{"model":"auto","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"Say hello"}]}"#))
        let clock = ContinuousClock(), start = clock.now
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            guard response.status == .ok else {
                let body = (try? await response.body.collect(upTo: 1 << 16)).map { String(buffer: $0) } ?? ""
                failed("HTTP \(response.status.code) \(errorCode(body))")
                return nil
            }
            var first: Double?
            var seen = ""
            for try await buffer in response.body {
                seen += String(buffer: buffer)
                if first == nil, seen.contains("\"content\":\"H") { first = (clock.now - start).millisecondsDouble }
            }
            if !seen.contains("[DONE]") { failed("stream without [DONE]") }
            return seen.contains("[DONE]") ? first : nil
        } catch {
            failed("\(error)".prefix(80).description)
            return nil
        }
    }
}

extension ServeLatencyBenchmark.Result {
    mutating func add(_ samples: [Double?], direct: Bool) {
        requests += samples.count
        if !direct { routedRequests += samples.count }
        errors += samples.filter { $0 == nil }.count
        if direct { directTTFT += samples.compactMap { $0 } } else { routedTTFT += samples.compactMap { $0 } }
    }
}
