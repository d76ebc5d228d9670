import Foundation
import FoundryTestSupport
import Testing

/// What a new user hit with `route serve` on a fresh clone: a gateway whose provider points back
/// at itself, a client's malformed body, an unknown path, Ctrl-C.
@Suite("foundry route serve: loops, client mistakes, signals", .serialized)
struct RouteServeEdgeTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    var environment: [String: String] { TestEnvironment.isolated(home: home) }

    func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
        let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "--max-time", "20"] + arguments)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test("a provider that points back at route serve is one refused hop (508), not an endless loop")
    func routesToItself() async throws {
        let port = ReferencePeers.freePort()
        let config = home + "/loop.toml"
        try OnPremConfig.write(baseURL: "http://127.0.0.1:\(port)/v1", to: config)
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "\(port)", "--config", config], environment: environment, timeout: 30)
        defer { ReferencePeers.stop(server) }
        let started = Date()
        for stream in [false, true] {
            let body = #"{"model":"auto","stream":\#(stream),"messages":[{"role":"user","content":"hello"}]}"#
            let r = try await curl([base + "/v1/chat/completions", "-d", body])
            // Every candidate failed before a first token, so the answer is an error status.
            #expect(r.status == 502, "stream \(stream): \(r)")
            #expect(r.body.contains("routing loop"), "\(r.body)")
        }
        #expect(Date().timeIntervalSince(started) < 15, "a loop must fail fast")
        // Each request went round once per attempt: a handful of requests, not thousands.
        let metrics = try await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/metrics"])
        let total = metrics.stdout.split(separator: "\n").filter { $0.hasPrefix("foundry_route_requests_total") }
            .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        #expect(total > 0 && total < 30, "\(metrics.stdout.prefix(600))")
    }

    /// The local provider's URL itself is checked in BuiltInProviderTests.
    @Test("run serve and route serve default to different ports")
    func defaultPorts() async throws {
        let run = try await CommandRunner.foundry(["run", "serve", "--help"], home: home)
        let route = try await CommandRunner.foundry(["route", "serve", "--help"], home: home)
        #expect(run.stdout.contains("(default: 8081)"), "\(run.stdout)")
        #expect(route.stdout.contains("(default: 8080)"), "\(route.stdout)")
    }

    /// `route serve` on a free port, its one provider an address where nothing listens.
    func startWithDeadUpstream() throws -> (Process, String) {
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "http://127.0.0.1:9/v1", to: config)
        return try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
    }

    @Test("malformed JSON, an empty body and a wrong content are 400; unknown paths 404; all in OpenAI's error shape")
    func clientMistakes() async throws {
        let (server, base) = try startWithDeadUpstream()
        defer { ReferencePeers.stop(server) }
        for (body, stream) in [("{", false), ("{", true), ("", false), ("[1,2]", false), (#"{"messages":"hi"}"#, false), ("\u{FF}\u{FE}", false)] {
            let data = stream ? body.replacingOccurrences(of: "{", with: #"{"stream":true,"#) : body
            let r = try await curl([base + "/v1/chat/completions", "--data-binary", data])
            #expect(r.status == 400, "\(data): \(r)")
            let doc = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]
            let error = doc?["error"] as? [String: Any]
            #expect(error?["type"] as? String == "invalid_request_error" && (error?["message"] as? String)?.isEmpty == false, "\(r.body)")
        }
        for (header, word) in [("x-foundry-provider: anthropc", "did you mean 'anthropic'"), ("x-foundry-region: mars", "unknown region family")] {
            let r = try await curl([base + "/v1/chat/completions", "-H", header, "-d", #"{"messages":[{"role":"user","content":"hi"}]}"#])
            #expect(r.status == 400 && r.body.contains(word), "\(header): \(r)")
        }
        for path in ["/v1/nothing", "/", "/v1/embeddings"] {
            let r = try await curl([base + path])
            #expect(r.status == 404, "\(path): \(r)")
            let error = (try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "not_found" && (error?["message"] as? String)?.contains(path) == true, "\(r.body)")
        }
    }

    /// Bodies a hostile client sends, written as files of exact bytes: invalid UTF-8, 20,000-deep
    /// nesting and a body over the 16 MiB limit.
    static func hostileBodies(in directory: String) throws -> [(name: String, path: String, status: Int, words: String)] {
        let cases: [(String, Data, Int, String)] = [
            ("invalid UTF-8", Data(#"{"messages":[{"role":"user","content":""#.utf8) + Data([0xFF, 0xFE, 0xC0]) + Data(#""}]}"#.utf8), 400, "not valid UTF-8"),
            ("20,000-deep nesting", Data((String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)).utf8), 400, "malformed JSON"),
            ("a 17 MiB body", Data(#"{"messages":[{"role":"user","content":""#.utf8) + Data(repeating: 0x61, count: 17 << 20) + Data(#""}]}"#.utf8),
             413, "larger than 16 MiB"),
        ]
        return try cases.enumerated().map { index, c in
            let path = directory + "/hostile-\(index).json"
            try c.1.write(to: URL(fileURLWithPath: path))
            return (c.0, path, c.2, c.3)
        }
    }

    @Test("invalid UTF-8, 20,000-deep nesting and a 17 MiB body are 400, 400 and 413 in OpenAI's error shape; the server serves on")
    func hostileBodies() async throws {
        let (server, base) = try startWithDeadUpstream()
        defer { ReferencePeers.stop(server) }
        for body in try Self.hostileBodies(in: home) {
            let r = try await curl([base + "/v1/chat/completions", "-H", "content-type: application/json", "--data-binary", "@" + body.path])
            #expect(r.status == body.status, "\(body.name): \(r.status) \(r.body.prefix(300))")
            let error = (try? JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])?["error"] as? [String: Any]
            #expect(error?["type"] as? String == "invalid_request_error" && (error?["message"] as? String)?.contains(body.words) == true,
                    "\(body.name): \(r.body.prefix(300))")
        }
        let health = try await curl([base + "/healthz"])
        #expect(health.status == 200, "still serving: \(health)")
    }

    @Test("SIGINT drains and exits 130, SIGTERM exits 0")
    func signals() async throws {
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "http://127.0.0.1:9/v1", to: config)
        for (signal, expected) in [(SIGINT, Int32(130)), (SIGTERM, Int32(0))] {
            let (server, _) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
            kill(server.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(15)
            while server.isRunning && Date() < deadline { usleep(50_000) }
            #expect(!server.isRunning)
            ReferencePeers.stop(server)
            #expect(server.terminationStatus == expected, "signal \(signal)")
        }
    }
}
