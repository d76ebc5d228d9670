import Foundation
import FoundryTestSupport
import Testing

/// `route serve` with virtual keys: `foundry keys` on the store, the official openai SDK as the
/// client, refusals in OpenAI's shape, and no secret in any output, log or metric.
@Suite("route serve with keys (end to end)", .serialized)
struct RouteServeKeysTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    var environment: [String: String] { TestEnvironment.isolated(home: home) }

    func upstream() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                return StreamedBody.chatAnswer(pause: .milliseconds(1))
            }
        }
    }

    func foundry(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CommandResult {
        try await CommandRunner.run(TestEnvironment.binary, arguments, environment: environment.merging(extra) { _, b in b })
    }

    /// Creates a key and returns its secret.
    func create(_ arguments: [String], store: [String] = []) async throws -> String {
        let r = try await foundry(["keys", "create", "--json"] + arguments + store)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return try #require(object["key"] as? String)
    }

    func curl(_ base: String, _ path: String, key: String? = nil, body: String? = nil, headers: [String] = []) async throws -> (status: Int, body: String) {
        var args = ["-s", "-w", "\n%{http_code}", base + path]
        if let key { args += ["-H", "Authorization: Bearer \(key)"] }
        for h in headers { args += ["-H", h] }
        if let body { args += ["-H", "Content-Type: application/json", "-d", body] }
        let r = try await CommandRunner.run("/usr/bin/curl", args)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    static let chat = #"{"model":"auto","messages":[{"role":"user","content":"What is the capital of France?"}]}"#

    @Test("keys are required once the store holds one; each refusal has its status and OpenAI's shape; no secret leaks")
    func refusals() async throws {
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let good = try await create(["--name", "team-a", "--tag", "team=a"])
        let smallOnly = try await create(["--name", "small-only", "--models", "onprem/small"])
        let revoked = try await create(["--name", "gone"])
        let expiring = try await create(["--name", "brief", "--expires", "2s"])
        #expect(try await foundry(["keys", "revoke", "gone"]).status == 0)
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
        defer { ReferencePeers.stop(server) }

        // The official SDK with a virtual key.
        if let python = ReferencePeers.python() {
            let script = """
                import sys
                from openai import OpenAI
                client = OpenAI(base_url=sys.argv[1] + "/v1", api_key=sys.argv[2])
                r = client.chat.completions.create(model="auto", messages=[{"role": "user", "content": "capital of France?"}])
                print(r.model, r.choices[0].message.content)
                try:
                    OpenAI(base_url=sys.argv[1] + "/v1", api_key="sk-fdy-wrong").models.list()
                except Exception as e:
                    print(type(e).__name__, e.status_code)
                """
            let r = try await CommandRunner.run(python, ["-c", script, base, good], inheritEnvironment: true)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("onprem/") && r.stdout.hasSuffix(" Paris\nAuthenticationError 401\n"), "\(r.stdout)")
        }
        // Missing, malformed, unknown, revoked, expired: 401, and the message never repeats the key.
        let missing = try await curl(base, "/v1/chat/completions", body: Self.chat)
        #expect(missing.status == 401 && missing.body.contains(#""code":"missing_api_key""#) && missing.body.contains(#""type":"invalid_request_error""#))
        let malformed = try await curl(base, "/v1/chat/completions", body: Self.chat, headers: ["Authorization: Token \(good)"])
        #expect(malformed.status == 401 && malformed.body.contains("malformed Authorization header") && !malformed.body.contains(good))
        let unknown = try await curl(base, "/v1/chat/completions", key: good + "x", body: Self.chat)
        #expect(unknown.status == 401 && unknown.body.contains("unknown API key") && !unknown.body.contains(good))
        let gone = try await curl(base, "/v1/chat/completions", key: revoked, body: Self.chat)
        #expect(gone.status == 401 && gone.body.contains("the key 'gone' was revoked"))
        try await Task.sleep(for: .seconds(2))
        let expired = try await curl(base, "/v1/chat/completions", key: expiring, body: Self.chat)
        #expect(expired.status == 401 && expired.body.contains("the key 'brief' expired"), "\(expired)")
        // A key limited to one model: forced elsewhere is 403; routed, it only ever gets its model.
        let forbidden = try await curl(base, "/v1/chat/completions", key: smallOnly,
                                       body: #"{"model":"onprem/big","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(forbidden.status == 403 && forbidden.body.contains(#""code":"model_not_allowed""#))
        let routed = try await curl(base, "/v1/chat/completions", key: smallOnly, body: Self.chat, headers: ["x-foundry-prefer: quality"])
        #expect(routed.status == 200 && routed.body.contains(#""model":"onprem/small""#), "\(routed)")
        let models = try await curl(base, "/v1/models", key: smallOnly)
        #expect(models.status == 200 && models.body.contains("onprem/small") && !models.body.contains("onprem/big"))
        #expect(try await curl(base, "/v1/models").status == 401)
        // Tags from the header need the key's permission.
        let tagged = try await curl(base, "/v1/chat/completions", key: good, body: Self.chat, headers: ["x-foundry-tags: project=x"])
        #expect(tagged.status == 403 && tagged.body.contains("tags_not_allowed"))
        // A revocation while serving takes effect within a second.
        #expect(try await curl(base, "/v1/chat/completions", key: good, body: Self.chat).status == 200)
        #expect(try await foundry(["keys", "revoke", "team-a"]).status == 0)
        try await Task.sleep(for: .seconds(1))
        #expect(try await curl(base, "/v1/chat/completions", key: good, body: Self.chat).status == 401)
        // The decision names the key and its tags; no file or metric holds a secret.
        let decisions = try String(contentsOfFile: home + "/state/foundry/decisions.jsonl", encoding: .utf8)
        #expect(decisions.contains(#""caller":{"key":"team-a","tags":{"team":"a"}}"#), "\(decisions.suffix(400))")
        #expect(decisions.contains(#""allowed_models":["onprem/small"]"#))
        let metrics = try await curl(base, "/metrics")
        var seen = decisions + metrics.body
        for file in (try? FileManager.default.subpathsOfDirectory(atPath: home + "/state")) ?? [] {
            seen += (try? String(contentsOfFile: home + "/state/" + file, encoding: .utf8)) ?? ""
        }
        seen += try await foundry(["keys", "list"]).stdout + (try await foundry(["keys", "list", "--json"]).stdout)
            + (try await foundry(["keys", "show", "small-only"]).stdout)
        for secret in [good, smallOnly, revoked, expiring] {
            #expect(!seen.contains(secret))
            #expect(!seen.contains(String(secret.dropFirst(7).prefix(12))))
        }
    }

    @Test("beyond loopback without keys the server refuses to start; --no-auth starts and says so")
    func exposure() async throws {
        let r = try await foundry(["route", "serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("holds no keys") && r.stderr.contains("--no-auth"), "\(r.stderr)")
        let keyFile = home + "/admin.key"
        try "admin-key-of-the-test-0123456789".write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o644)
        let shared = try await foundry(["route", "serve", "--port", "0", "--admin-key-file", keyFile])
        #expect(shared.status == 2 && shared.stderr.contains("readable by other users") && !shared.stderr.contains("admin-key-of-the-test"),
                "\(shared.stderr)")
        let open = try await CommandRunner.run(TestEnvironment.binary, ["route", "serve", "--host", "0.0.0.0", "--port", "0", "--no-auth"],
                                               environment: environment, interruptWhen: "listening on")
        #expect(open.stderr.contains("--no-auth: keys are not checked"), "\(open.stderr)")
        #expect(open.stderr.contains("listening on"))
    }

    @Test("the admin API creates, shows, rotates and revokes keys with the admin key only")
    func adminAPI() async throws {
        let admin = "admin-" + UUID().uuidString
        var env = environment
        env["FOUNDRY_ADMIN_KEY"] = admin
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0"], environment: env, timeout: 30)
        defer { ReferencePeers.stop(server) }
        #expect(try await curl(base, "/admin/keys").status == 401)
        #expect(try await curl(base, "/admin/keys", key: "wrong-admin-key-123456").status == 401)
        let created = try await curl(base, "/admin/keys", key: admin, body: #"{"name":"svc","budget":"5/day","rpm":30,"models":["onprem/*"]}"#)
        #expect(created.status == 201, "\(created)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
        let secret = try #require(object["key"] as? String)
        #expect(try await curl(base, "/v1/models", key: secret).status == 200)
        let bad = try await curl(base, "/admin/keys", key: admin, body: #"{"name":"svc2","budget":"50/fortnight"}"#)
        #expect(bad.status == 400 && bad.body.contains("fortnight"))
        let taken = try await curl(base, "/admin/keys", key: admin, body: #"{"name":"svc"}"#)
        #expect(taken.status == 400 && taken.body.contains("exists already"))
        let shown = try await curl(base, "/admin/keys/svc", key: admin)
        #expect(shown.status == 200 && !shown.body.contains(secret) && shown.body.contains(#""rpm":30"#))
        #expect(try await curl(base, "/admin/keys/nobody", key: admin).status == 404)
        let rotated = try await curl(base, "/admin/keys/svc/rotate", key: admin, body: "")
        let newSecret = try #require((try JSONSerialization.jsonObject(with: Data(rotated.body.utf8)) as? [String: Any])?["key"] as? String)
        #expect(try await curl(base, "/v1/models", key: secret).status == 401)
        #expect(try await curl(base, "/v1/models", key: newSecret).status == 200)
        #expect(try await curl(base, "/admin/keys/svc/revoke", key: admin, body: "").status == 200)
        #expect(try await curl(base, "/v1/models", key: newSecret).status == 401)
        let list = try await curl(base, "/admin/keys", key: admin)
        #expect(list.body.contains(#""status":"revoked""#) && !list.body.contains(newSecret))
    }

    @Test("rate limits and budgets: 429 with Retry-After and OpenAI's x-ratelimit headers; a soft budget warns")
    func limits() async throws {
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        // One pricey model so that a budget of cents is reached in two requests.
        let config = home + "/pricey.toml"
        try OnPremConfig.writePricey(baseURL: "\(upstream.baseURL)/v1", to: config)
        let limited = try await create(["--name", "limited", "--rpm", "2"])
        let budgeted = try await create(["--name", "budgeted", "--budget", "0.04/day", "--soft-budget", "0.01"])
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config, "--rate-window", "2"],
                                                    environment: environment, timeout: 30)
        defer { ReferencePeers.stop(server) }
        let body = #"{"model":"auto","max_tokens":10,"messages":[{"role":"user","content":"capital of France?"}]}"#
        for _ in 0..<2 { #expect(try await curl(base, "/v1/chat/completions", key: limited, body: body).status == 200) }
        let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", base + "/v1/chat/completions", "-H", "Authorization: Bearer \(limited)",
                                                              "-H", "Content-Type: application/json", "-d", body])
        let head = r.stdout.lowercased()
        #expect(head.hasPrefix("http/1.1 429"), "\(r.stdout)")
        #expect(head.contains("retry-after: ") && head.contains("x-ratelimit-limit-requests: 2") && head.contains("x-ratelimit-remaining-requests: 0"))
        #expect(r.stdout.contains(#""code":"rate_limit_requests""#) && r.stdout.contains(#""type":"requests""#))
        try await Task.sleep(for: .seconds(2.1))
        #expect(try await curl(base, "/v1/chat/completions", key: limited, body: body).status == 200, "the window moved on")
        // 17 tokens at $1000 per million cost $0.017; a worst case (prompt with margin + 10) is about $0.03.
        let first = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", base + "/v1/chat/completions", "-H", "Authorization: Bearer \(budgeted)",
                                                                  "-H", "Content-Type: application/json", "-d", body])
        #expect(first.stdout.hasPrefix("HTTP/1.1 200") && first.stdout.lowercased().contains("x-foundry-budget-warning: the key 'budgeted' is past its soft budget"),
                "\(first.stdout)")
        let second = try await curl(base, "/v1/chat/completions", key: budgeted, body: body)
        #expect(second.status == 429 && second.body.contains(#""code":"budget_exceeded""#) && second.body.contains(#""type":"insufficient_quota""#), "\(second)")
        let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8)
        #expect(usage.contains(#""key":"budgeted""#))
    }

    @Test("a tag's budget counts every key carrying the tag; every response says the time spent in foundry")
    func tagBudgetsAndOverhead() async throws {
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = home + "/pricey.toml"
        try OnPremConfig.writePricey(baseURL: "\(upstream.baseURL)/v1", to: config)
        let set = try await foundry(["tags", "set", "team=search", "--budget", "0.06/day", "--rpm", "100"])
        #expect(set.status == 0 && set.stdout.contains("budget $0.06/day") && set.stdout.contains("100 requests/min"), "\(set.stdout)\(set.stderr)")
        let listed = try await foundry(["tags", "list", "--json"])
        #expect(listed.status == 0 && listed.stdout.contains(#""tag" : "team=search""#), "\(listed.stdout)")
        let first = try await create(["--name", "search-1", "--tag", "team=search"])
        let second = try await create(["--name", "search-2", "--tag", "team=search"])
        let other = try await create(["--name", "other", "--tag", "team=ads"])
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
        defer { ReferencePeers.stop(server) }
        let body = #"{"model":"auto","max_tokens":10,"messages":[{"role":"user","content":"capital of France?"}]}"#
        // Each request costs $0.017 and reserves about $0.03: the team's two keys together get two.
        #expect(try await curl(base, "/v1/chat/completions", key: first, body: body).status == 200)
        #expect(try await curl(base, "/v1/chat/completions", key: second, body: body).status == 200)
        let refused = try await curl(base, "/v1/chat/completions", key: first, body: body)
        #expect(refused.status == 429 && refused.body.contains("the tag team=search has spent or reserved") && refused.body.contains(#""code":"budget_exceeded""#),
                "\(refused)")
        #expect(try await curl(base, "/v1/chat/completions", key: other, body: body).status == 200, "another team's key is not counted")
        // x-foundry-overhead-ms on answers (both paths), refusals and other routes.
        for (stream, key) in [(false, other), (true, other), (false, first)] {
            let chat = #"{"model":"auto","max_tokens":10,"stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", base + "/v1/chat/completions",
                                                                  "-H", "Authorization: Bearer \(key)", "-d", chat])
            let line = r.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-foundry-overhead-ms:") }
            let value = line.flatMap { Double($0.split(separator: " ").last ?? "") }
            #expect(value.map { $0 >= 0 && $0 < 1000 } == true, "stream \(stream): \(r.stdout)")
        }
        let models = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", base + "/v1/models"])
        #expect(models.stdout.lowercased().contains("x-foundry-overhead-ms: "), "a refusal (401) carries it too")
        // Per key and per tag requests and spend, refusals by reason; keys by name only.
        let metrics = try await curl(base, "/metrics").body
        for line in [#"foundry_route_key_requests_total{key="search-1",status="ok"} 1"#, #"foundry_route_key_requests_total{key="search-2",status="ok"} 1"#,
                     #"foundry_route_tag_requests_total{tag="team=search",status="ok"} 2"#, #"foundry_route_refusals_total{reason="budget_exceeded"} 2"#,
                     #"foundry_route_refusals_total{reason="missing_api_key"} 1"#, #"foundry_route_tag_spend_usd_total{tag="team=search"} 0.034"#] {
            #expect(metrics.contains(line), "\(line) in \(metrics)")
        }
        #expect(metrics.contains("foundry_route_decision_seconds_bucket{le=") && metrics.contains("# TYPE foundry_route_ttft_seconds histogram"))
        for secret in [first, second, other] { #expect(!metrics.contains(secret) && !metrics.contains(String(secret.dropFirst(7).prefix(12)))) }
        let removed = try await foundry(["tags", "remove", "team=search"])
        #expect(removed.status == 0)
    }

    @Test("a client's traceparent reaches the upstream on both paths and is kept in the decision; a malformed one is dropped")
    func traceparent() async throws {
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let (server, base) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
        defer { ReferencePeers.stop(server) }
        let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        for stream in [false, true] {
            let body = #"{"model":"auto","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", base + "/v1/chat/completions", "-H", "traceparent: \(trace)", "-d", body])
            #expect(upstream.recorded.last?.headers["traceparent"] == trace, "stream \(stream)")
            let id = try #require(r.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-foundry-decision-id:") }?
                .split(separator: " ").last.map(String.init))
            let decision = try await CommandRunner.run("/usr/bin/curl", ["-s", base + "/v1/decisions/" + id])
            #expect(decision.stdout.contains(#""traceparent" : "\#(trace)""#), "\(decision.stdout.suffix(300))")
        }
        _ = try await curl(base, "/v1/chat/completions", body: Self.chat, headers: ["traceparent: 00-not-a-trace-01"])
        #expect(upstream.recorded.last?.headers["traceparent"] == nil)
    }

    @Test("foundry keys: bad input gets one line and exit 2, nothing written")
    func keysBadInput() async throws {
        let cases: [([String], String)] = [
            (["keys", "create", "--name", "x", "--budget", "50/fortnight"], "unknown period 'fortnight'"),
            (["keys", "create", "--name", "bad name"], "key name 'bad name'"),
            (["keys", "revoke", "nobody"], "no key named 'nobody'"),
            (["keys", "show", "nobody"], "no key named 'nobody'"),
            (["keys", "list", "--store", "mysql://x"], "expected 'file'"),
            (["keys", "list", "--store", "postgres://u:hunter2secret@db"], "names no database"),
            (["tags", "set", "team", "--budget", "5/day"], "tag 'team' must be K=V"),
            (["tags", "set", "team=x"], "give at least one of --budget"),
            (["tags", "set", "team=x", "--budget", "50/fortnight"], "unknown period 'fortnight'"),
            (["tags", "set", "team=x", "--rpm", "0"], "--rpm 0: must be a positive whole number"),
            (["tags", "remove", "team=nobody"], "the tag team=nobody has no limits"),
        ]
        for (arguments, text) in cases {
            let r = try await foundry(arguments)
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(text), "\(arguments): \(r.stderr)")
            #expect(!r.stderr.contains("hunter2secret"))
            #expect(r.stdout.isEmpty)
        }
        let left = try await foundry(["keys", "list", "--json"])
        #expect(left.status == 0 && !left.stdout.contains("\"name\""), "no key was written: \(left.stdout)")
        let port = ReferencePeers.freePort()
        let unreachable = try await foundry(["keys", "list", "--store", "postgres://foundry:pw-secret-9@127.0.0.1:\(port)/foundry?sslmode=disable"])
        #expect(unreachable.status == 1 && unreachable.stderr.contains("cannot reach PostgreSQL at 127.0.0.1:\(port)"))
        #expect(!unreachable.stderr.contains("pw-secret-9") && unreachable.stderr.split(separator: "\n").count <= 2)
    }
}
