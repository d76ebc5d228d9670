import Foundation
import FoundryTestSupport
import Testing

/// Three `route serve` processes on one PostgreSQL database, driven by the official openai SDK
/// with virtual keys: a budget spent across the fleet, and a revocation reaching every instance.
@Suite("route serve fleet on PostgreSQL (end to end)", .serialized)
struct RouteServeFleetTests {
    static let cluster: Result<PostgresCluster, any Error> = Result { try PostgresCluster() }

    let root: String
    init() throws { root = try TestEnvironment.temporaryDirectory() }

    func cluster() throws -> PostgresCluster? { try Self.available() }

    /// The tests' cluster; nil (the test is skipped) when PostgreSQL is missing and CI does not require it.
    static func available() throws -> PostgresCluster? {
        switch Self.cluster {
        case .success(let c): return c
        case .failure(let error):
            if TestEnvironment.peersRequired || PostgresCluster.unavailable == nil { throw error }
            return nil
        }
    }

    func upstream() async throws -> LoopbackServer {
        try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                return StreamedBody.chatAnswer(pause: .milliseconds(5))
            }
        }
    }

    /// Instance `i`'s own home (its own logs), the shared store, and the admin key.
    func environment(_ i: Int, store: String, admin: String) -> [String: String] {
        var env = TestEnvironment.isolated(home: root + "/i\(i)")
        env["FOUNDRY_STORE"] = store
        env["FOUNDRY_ADMIN_KEY"] = admin
        return env
    }

    /// A migrated database, one key made with `keyArguments`, and three instances serving `config`
    /// (with `extra` arguments): the key, and the instances.
    func startFleet(_ c: PostgresCluster, config: String, keyArguments: [String], extra: [String] = []) async throws
        -> (key: String, servers: [(Process, String)]) {
        let store = c.url(database: try c.createDatabase())
        let admin = "admin-" + UUID().uuidString
        let env0 = environment(0, store: store, admin: admin)
        #expect(try await CommandRunner.run(TestEnvironment.binary, ["store", "migrate"], environment: env0).status == 0)
        let created = try await CommandRunner.run(TestEnvironment.binary, ["keys", "create"] + keyArguments, environment: env0)
        #expect(created.status == 0, "\(created.stderr)")
        var servers: [(Process, String)] = []
        for i in 0..<3 {
            servers.append(try ServerProcess.start(["route", "serve", "--port", "0", "--config", config] + extra,
                                                   environment: environment(i, store: store, admin: admin), timeout: 30))
        }
        return (created.stdout.trimmingCharacters(in: .whitespacesAndNewlines), servers)
    }

    @Test("a model that fails on one instance is cooled on the others within a second")
    func sharedCooldowns() async throws {
        guard let c = try cluster() else { return }
        let database = try c.createDatabase()
        let store = c.url(database: database)
        // "small" always fails with a 500; "big" answers.
        let upstream = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                if String(decoding: body.readableBytesView, as: UTF8.self).contains(#""small""#) {
                    return StreamedBody.json(#"{"error":{"message":"small is down"}}"#, status: .internalServerError)
                }
                return StreamedBody.chatAnswer()
            }
        }
        defer { Task { await upstream.stop() } }
        let config = root + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let env0 = environment(0, store: store, admin: "admin-" + UUID().uuidString)
        #expect(try await CommandRunner.run(TestEnvironment.binary, ["store", "migrate"], environment: env0).status == 0)
        var servers: [(Process, String)] = []
        for i in 0..<3 {
            servers.append(try ServerProcess.start(["route", "serve", "--port", "0", "--config", config],
                                                   environment: environment(i, store: store, admin: "admin-" + UUID().uuidString), timeout: 30))
        }
        defer { servers.forEach { ReferencePeers.stop($0.0) } }
        /// Whether a request to `base` (cost first: small is the first choice) finds small cooling down.
        func smallCooling(_ base: String) async throws -> Bool {
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", base + "/v1/chat/completions",
                                                                  "-H", "x-foundry-prefer: cost", "-d",
                                                                  #"{"model":"auto","messages":[{"role":"user","content":"hi"}]}"#])
            guard let id = r.stdout.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("x-foundry-decision-id:") })?
                .split(separator: " ").last else { return false }
            let decision = try await CommandRunner.run("/usr/bin/curl", ["-s", base + "/v1/decisions/" + id])
            return decision.stdout.contains(#""constraint" : "cooldown""#) && decision.stdout.contains(#""id" : "onprem/small""#)
        }
        var cooledOnFirst = false
        for _ in 0..<6 where !cooledOnFirst { cooledOnFirst = try await smallCooling(servers[0].1) }
        #expect(cooledOnFirst, "small failed enough on the first instance to cool down there")
        let cooledAt = Date()
        for (_, base) in servers[1...] {
            var cooled = false
            while !cooled && Date().timeIntervalSince(cooledAt) < 3 {
                cooled = try await smallCooling(base)
                if !cooled { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(cooled, "\(base) avoids small too")
        }
        #expect(Date().timeIntervalSince(cooledAt) <= 1.0, "the cooldown reached the other instances within a second")
        #expect(try c.psql("SELECT count(*) FROM foundry_cooldowns WHERE model = 'onprem/small' AND until > now()", database: database) == "1")
    }

    @Test("usage during a PostgreSQL outage is kept and written when the store returns")
    func outage() async throws {
        guard let c = try cluster() else { return }
        let database = try c.createDatabase()
        let store = c.url(database: database)
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = root + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let env = environment(0, store: store, admin: "admin-" + UUID().uuidString)
        #expect(try await CommandRunner.run(TestEnvironment.binary, ["store", "migrate"], environment: env).status == 0)
        let key = try await CommandRunner.run(TestEnvironment.binary, ["keys", "create", "--name", "steady", "--tag", "team=ops"], environment: env)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (open, openBase) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config, "--on-store-failure", "open"],
                                                       environment: env, timeout: 30)
        defer { ReferencePeers.stop(open) }
        let (closed, closedBase) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: env, timeout: 30)
        defer { ReferencePeers.stop(closed) }
        func ask(_ base: String) async throws -> (code: String, text: String) {
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", base + "/v1/chat/completions", "-H", "Authorization: Bearer \(key)",
                                                                  "-d", #"{"model":"auto","messages":[{"role":"user","content":"hi"}]}"#])
            return (String(r.stdout.dropFirst(9).prefix(3)), r.stdout)
        }
        for base in [openBase, closedBase] { #expect(try await ask(base).code == "200") }
        try c.stop()
        try await Task.sleep(for: .milliseconds(600))
        for _ in 0..<4 {
            let served = try await ask(openBase)
            #expect(served.code == "200" && served.text.lowercased().contains("x-foundry-store: unreachable"), "open mode serves: \(served.text)")
        }
        let refused = try await ask(closedBase)
        #expect(refused.code == "503" && refused.text.contains(#""code":"store_unavailable""#), "closed mode refuses: \(refused.text)")
        let metrics = try await CommandRunner.run("/usr/bin/curl", ["-s", openBase + "/metrics"]).stdout
        #expect(metrics.contains(#"foundry_route_store_up{on_failure="open"} 0"#) && metrics.contains("foundry_route_local_state_only 1"))
        #expect(metrics.contains("foundry_route_store_seconds_count ") && metrics.contains("foundry_route_store_errors_total "), "\(metrics)")
        try c.start()
        var back = false
        for _ in 0..<40 where !back {
            try await Task.sleep(for: .milliseconds(250))
            back = try await ask(closedBase).code == "200"
        }
        #expect(back, "the closed instance serves again once the store is back")
        // 2 before, 4 during the outage, 1 after: every one reaches the store.
        var rows = ""
        for _ in 0..<20 where rows != "7" {
            try await Task.sleep(for: .milliseconds(250))
            rows = (try? c.psql("SELECT count(*) FROM foundry_usage WHERE key = 'steady'", database: database)) ?? ""
        }
        #expect(rows == "7", "the usage of the outage reached the store after it came back: \(rows)")
        let report = try await CommandRunner.run(TestEnvironment.binary, ["cost", "report", "--by", "tag"], environment: env)
        #expect(report.status == 0 && report.stdout.contains("team=ops"), "\(report.stdout)\(report.stderr)")
    }

    @Test("latency statistics and decisions are the fleet's: one instance predicts from another's calls and shows its decisions")
    func sharedLatencyAndDecisions() async throws {
        guard let c = try cluster() else { return }
        let database = try c.createDatabase()
        let store = c.url(database: database)
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = root + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let admin = "admin-" + UUID().uuidString
        let env0 = environment(0, store: store, admin: admin)
        #expect(try await CommandRunner.run(TestEnvironment.binary, ["store", "migrate"], environment: env0).status == 0)
        var servers: [(Process, String)] = []
        for i in 0..<2 {
            servers.append(try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment(i, store: store, admin: admin),
                                                   timeout: 30))
        }
        defer { servers.forEach { ReferencePeers.stop($0.0) } }
        func ask(_ base: String) async throws -> String {
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", base + "/v1/chat/completions", "-H", "x-foundry-prefer: cost",
                                                                  "-d", #"{"model":"auto","messages":[{"role":"user","content":"hi"}]}"#])
            return try #require(r.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-foundry-decision-id:") }?
                .split(separator: " ").last.map(String.init), "\(r.stdout)")
        }
        // Five calls through the first instance only.
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try await ask(servers[0].1)) }
        try await Task.sleep(for: .seconds(2.5))
        // The second instance has made no call, yet predicts from five measured ones and shows the first's decisions.
        let own = try await ask(servers[1].1)
        let decision = try await CommandRunner.run("/usr/bin/curl", ["-s", servers[1].1 + "/v1/decisions/" + own]).stdout
        #expect(decision.contains(#""latency_source" : "median of 5 measured""#), "\(decision)")
        let theirs = try await CommandRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", servers[1].1 + "/v1/decisions/" + ids[0]]).stdout
        #expect(theirs.hasSuffix("200") && theirs.contains(#""id" : "\#(ids[0])""#), "\(theirs)")
        let stored = Int(try c.psql("SELECT count(*) FROM foundry_decisions", database: database)) ?? 0
        #expect(stored == 5 || stored == 6, "the fleet's decisions are in the store: \(stored)")
        // `route` itself on the store: a machine with no samples of its own decides from the fleet's,
        // and its decision and usage join the fleet's.
        var routeEnv = TestEnvironment.isolated(home: root + "/cli")
        routeEnv["FOUNDRY_STORE"] = store
        let planned = try await CommandRunner.run(TestEnvironment.binary, ["route", "--config", config, "--prefer", "cost", "--dry-run", "--json", "hi"],
                                                  environment: routeEnv)
        #expect(planned.status == 0 && planned.stdout.contains(#""latency_source" : "median of"#), "\(planned.stdout.prefix(1500))\(planned.stderr)")
        let asked = try await CommandRunner.run(TestEnvironment.binary, ["route", "--config", config, "--store", store, "hi"], environment: routeEnv)
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(try c.psql("SELECT count(*) FROM foundry_usage WHERE instance LIKE 'route-%'", database: database) == "1", "route's usage is in the store")
        #expect(try c.psql("SELECT count(*) FROM foundry_decisions WHERE instance LIKE 'route-%'", database: database) == "1")
        // A store that cannot be reached: said once, routed from this machine's state.
        let away = try await CommandRunner.run(TestEnvironment.binary, ["route", "--config", config, "--dry-run", "hi", "--store",
                                                                        "postgres://foundry:pw-9x@127.0.0.1:\(ReferencePeers.freePort())/foundry?sslmode=disable"],
                                               environment: TestEnvironment.isolated(home: root + "/cli2"))
        #expect(away.status == 0 && away.stderr.contains("routing from this machine's state alone") && !away.stderr.contains("pw-9x"), "\(away.stderr)")
    }

    @Test("an RPM limit shared by three instances: no window admits more than the limit in total, and 429s carry Retry-After")
    func sharedRequestRate() async throws {
        guard let c = try cluster(), let python = ReferencePeers.python() else { return }
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = root + "/c.toml"
        try OnPremConfig.write(baseURL: "\(upstream.baseURL)/v1", to: config)
        let limit = 12, window = 3.0
        let (key, servers) = try await startFleet(c, config: config, keyArguments: ["--name", "rated", "--rpm", "\(limit)"],
                                                     extra: ["--rate-window", "\(window)"])
        defer { servers.forEach { ReferencePeers.stop($0.0) } }
        // Two clients per instance ask as fast as they are answered for 8 seconds.
        let script = """
            import sys, json, time, threading
            from openai import OpenAI
            import openai
            bases, key = sys.argv[1].split(","), sys.argv[2]
            codes, retry = [], []
            lock = threading.Lock()
            def client(base):
                c = OpenAI(base_url=base + "/v1", api_key=key, max_retries=0)
                end = time.time() + 8
                while time.time() < end:
                    try:
                        c.chat.completions.create(model="auto", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
                        code = 200
                    except openai.APIStatusError as e:
                        code = e.status_code
                        with lock: retry.append(e.response.headers.get("retry-after"))
                        time.sleep(0.05)
                    with lock: codes.append(code)
            threads = [threading.Thread(target=client, args=(b,)) for b in bases for _ in range(2)]
            for t in threads: t.start()
            for t in threads: t.join()
            print(json.dumps({"codes": codes, "retry": retry}))
            """
        let r = try await CommandRunner.run(python, ["-c", script, servers.map(\.1).joined(separator: ","), key], inheritEnvironment: true)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let codes = try #require(out["codes"] as? [Int])
        #expect(Set(codes).isSubset(of: [200, 429]), "\(codes)")
        #expect((out["retry"] as? [String?])?.allSatisfy { $0 != nil } == true, "every 429 says when to retry")
        // When each admitted request was decided, from the three instances' decision logs.
        var times: [Double] = []
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for i in 0..<3 {
            let log = (try? String(contentsOfFile: root + "/i\(i)/state/foundry/decisions.jsonl", encoding: .utf8)) ?? ""
            for line in log.split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                times.append(try #require(format.date(from: record["time"] as? String ?? "")).timeIntervalSince1970)
            }
        }
        times.sort()
        #expect(times.count == codes.filter { $0 == 200 }.count, "one decision per answered request")
        var most = 0
        for (i, t) in times.enumerated() { most = max(most, times[i...].prefix { $0 < t + window - 0.005 }.count) }
        #expect(most <= limit, "at most \(limit) requests in any \(window) s window across the fleet, saw \(most)")
        // The fleet counts a lease for its window and its life (0.3 s here): 8 s hold at least two full windows' worth.
        #expect(times.count >= 2 * limit, "the shared limit still admits what it allows: \(times.count) in 8 s")
    }

    @Test("one model with three deployments behind three instances, the openai SDK with a key: load spreads within ±20 %, a killed deployment stops receiving at once")
    func deploymentsAcrossTheFleet() async throws {
        guard let c = try cluster(), let python = ReferencePeers.python() else { return }
        let upstreams = [try await RouteServeDeploymentsTests.upstream(), try await RouteServeDeploymentsTests.upstream(),
                         try await RouteServeDeploymentsTests.upstream()]
        defer { Task { for u in upstreams { await u.stop() } } }
        let config = try RouteServeDeploymentsTests.config(upstreams, home: root)
        let (key, servers) = try await startFleet(c, config: config, keyArguments: ["--name", "inference"])
        defer { servers.forEach { ReferencePeers.stop($0.0) } }
        // Two clients per instance, every other request streamed; prints [status, deployment, text] per request.
        let script = """
            import sys, json, threading
            from openai import OpenAI
            import openai
            bases, key, count = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
            results, lock = [], threading.Lock()
            def client(base, n, parity):
                c = OpenAI(base_url=base + "/v1", api_key=key, max_retries=0)
                messages = [{"role": "user", "content": "capital of France?"}]
                for i in range(n):
                    try:
                        if (i + parity) % 2 == 0:
                            raw = c.chat.completions.with_raw_response.create(model="auto", messages=messages)
                            text = raw.parse().choices[0].message.content
                        else:
                            raw = c.chat.completions.with_raw_response.create(model="auto", messages=messages, stream=True)
                            text = "".join(chunk.choices[0].delta.content or "" for chunk in raw.parse() if chunk.choices)
                        result = [200, raw.headers.get("x-foundry-deployment"), text]
                    except openai.APIStatusError as e:
                        result = [e.status_code, None, str(e)]
                    with lock: results.append(result)
            per = count // (len(bases) * 2)
            threads = [threading.Thread(target=client, args=(b, per, k)) for b in bases for k in range(2)]
            for t in threads: t.start()
            for t in threads: t.join()
            print(json.dumps(results))
            """
        func load(_ count: Int) async throws -> [(status: Int, deployment: String?, text: String)] {
            let r = try await CommandRunner.run(python, ["-c", script, servers.map(\.1).joined(separator: ","), key, "\(count)"], inheritEnvironment: true)
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[Any]])
            return rows.map { ($0[0] as? Int ?? 0, $0[1] as? String, $0[2] as? String ?? "") }
        }
        // Equal latency: each deployment within ±20 % of an even share by request count.
        let spread = try await load(90)
        #expect(spread.allSatisfy { $0.status == 200 && $0.text.contains("Paris") }, "\(spread.filter { $0.status != 200 })")
        let received = upstreams.map(\.recorded.count)
        #expect(received.reduce(0, +) == 90, "\(received)")
        for (i, n) in received.enumerated() {
            #expect((24...36).contains(n), "gpu\(i) received \(n) of 90: \(received)")
            #expect(spread.filter { $0.deployment == "gpu\(i)" }.count == n, "x-foundry-deployment names the deployment that answered")
        }
        // gpu1 killed: no client sees an error; it receives nothing more.
        await upstreams[1].stop()
        let before = upstreams[1].recorded.count
        let after = try await load(60)
        #expect(after.allSatisfy { $0.status == 200 && $0.text.contains("Paris") && $0.deployment != "gpu1" }, "\(after.filter { $0.status != 200 })")
        #expect(upstreams[1].recorded.count == before)
        let share = [0, 2].map { i in after.filter { $0.deployment == "gpu\(i)" }.count }
        #expect(share.allSatisfy { (24...36).contains($0) }, "the two remaining deployments share the load: \(share)")
    }

    @Test("a budget spent across three instances stays within it, then every instance refuses; a revocation reaches all within a second")
    func fleet() async throws {
        guard let c = try cluster(), let python = ReferencePeers.python() else { return }
        let database = try c.createDatabase()
        let store = c.url(database: database)
        let admin = "admin-" + UUID().uuidString
        let upstream = try await upstream()
        defer { Task { await upstream.stop() } }
        let config = root + "/pricey.toml"
        try OnPremConfig.writePricey(baseURL: "\(upstream.baseURL)/v1", to: config)
        let env0 = environment(0, store: store, admin: admin)
        let migrate = try await CommandRunner.run(TestEnvironment.binary, ["store", "migrate"], environment: env0)
        #expect(migrate.status == 0 && migrate.stdout.contains("applied migrations 1, 2, 3, 4, 5, 6, 7"), "\(migrate.stdout)\(migrate.stderr)")
        let created = try await CommandRunner.run(TestEnvironment.binary, ["keys", "create", "--name", "fleet", "--budget", "0.2/day"], environment: env0)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0 && key.hasPrefix("sk-fdy-"), "\(created.stderr)")
        var servers: [(Process, String)] = []
        for i in 0..<3 {
            servers.append(try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment(i, store: store, admin: admin),
                                                   timeout: 30))
        }
        defer { servers.forEach { ReferencePeers.stop($0.0) } }
        let bases = servers.map(\.1)
        // 45 requests, 5 at a time per instance, round robin; each costs $0.017, reserves up to about $0.03.
        let script = """
            import sys, json
            from concurrent.futures import ThreadPoolExecutor
            from openai import OpenAI
            import openai
            bases, key = sys.argv[1].split(","), sys.argv[2]
            clients = [OpenAI(base_url=b + "/v1", api_key=key, max_retries=0) for b in bases]
            def one(i):
                try:
                    clients[i % 3].chat.completions.create(model="auto", max_tokens=10, messages=[{"role": "user", "content": "capital of France?"}])
                    return 200
                except openai.APIStatusError as e:
                    return e.status_code
            import time
            with ThreadPoolExecutor(15) as pool:
                codes = list(pool.map(one, range(45)))
            # Then one at a time, round robin, until every instance has refused twice in a row
            # (unused shares go back to the pool after a second idle).
            after, refused = [], 0
            for i in range(60):
                code = one(i)
                after.append(code)
                refused = refused + 1 if code == 429 else 0
                if refused >= 6: break
                time.sleep(0.3)
            print(json.dumps({"codes": codes, "after": after}))
            """
        let r = try await CommandRunner.run(python, ["-c", script, bases.joined(separator: ","), key], inheritEnvironment: true)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [Int]])
        let codes = try #require(out["codes"]), after = try #require(out["after"])
        #expect(Set(codes).isSubset(of: [200, 429]), "\(codes)")
        #expect(Array(after.suffix(6)) == Array(repeating: 429, count: 6), "every instance refuses once the budget is spent: \(after)")
        // Settled spend of the whole fleet, from the three instances' usage logs.
        var spent = 0.0, answered = 0
        for i in 0..<3 {
            let usage = (try? String(contentsOfFile: root + "/i\(i)/state/foundry/usage.jsonl", encoding: .utf8)) ?? ""
            for line in usage.split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                spent += record["cost_usd"] as? Double ?? 0
                answered += 1
            }
        }
        #expect(answered == (codes + after).filter { $0 == 200 }.count)
        #expect(spent <= 0.2 + 1e-9, "the fleet spent \(spent) of a $0.20 budget")
        #expect(spent >= 0.2 - 0.04, "all but less than one request's worst case of the budget was usable: \(spent)")
        // The store holds the whole fleet's usage: cost report reads it.
        try await Task.sleep(for: .seconds(1))
        let report = try await CommandRunner.run(TestEnvironment.binary, ["cost", "report", "--by", "key", "--json"], environment: env0)
        #expect(report.status == 0, "\(report.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let total = try #require(document["total"] as? [String: Any])
        #expect(total["requests"] as? Int == answered, "\(report.stdout)")
        #expect(abs((total["cost_usd"] as? Double ?? -1) - spent) < 1e-6)
        #expect((document["groups"] as? [[String: Any]])?.first?["key"] as? String == "fleet")

        // A key revoked through instance 0's admin API is refused by the others within a second.
        let second = try await CommandRunner.run(TestEnvironment.binary, ["keys", "create", "--name", "short-lived"], environment: env0)
        let other = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await Task.sleep(for: .milliseconds(600))
        for base in bases {
            let models = try await CommandRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/v1/models",
                                                                       "-H", "Authorization: Bearer \(other)"])
            #expect(models.stdout == "200", "a key created on the store works on every instance")
        }
        let revoke = try await CommandRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                                                   bases[0] + "/admin/keys/short-lived/revoke", "-H", "Authorization: Bearer \(admin)"])
        #expect(revoke.stdout == "200")
        let revokedAt = Date()
        for base in bases[1...] {
            while true {
                let models = try await CommandRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/v1/models",
                                                                           "-H", "Authorization: Bearer \(other)"])
                if models.stdout == "401" { break }
                if Date().timeIntervalSince(revokedAt) > 1.0 {
                    Issue.record("\(base) still accepted the revoked key after a second")
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(Date().timeIntervalSince(revokedAt) <= 1.0)
    }
}
