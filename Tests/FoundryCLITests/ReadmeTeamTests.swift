import Foundation
import FoundryTestSupport
import Testing

/// The README's "Running foundry for a team" walkthrough, run as written: the block marked
/// `team walkthrough: tested` goes to bash with `foundry` and the reference venv's `python3` on
/// the PATH. Only what names this machine changes: the store URL and password become the test
/// cluster's, ports 8080 and 8081 free ones, and the configuration (the default file) names a
/// loopback upstream instead of a cloud provider.
@Suite("README: running foundry for a team", .serialized)
struct ReadmeTeamTests {
    @Test("the team walkthrough runs as written: migrate, a key and a tag budget, two instances, the openai SDK on both, the fleet's report")
    func walkthrough() async throws {
        guard let cluster = try RouteServeFleetTests.available(), let python = ReferencePeers.python() else { return }
        let readme = try String(contentsOfFile: TestEnvironment.packageRoot + "/README.md", encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- team walkthrough: tested -->"), "the README marks the tested block")
        let after = readme[marker.upperBound...]
        let open = try #require(after.range(of: "```sh\n")), close = try #require(after[open.upperBound...].range(of: "```"))
        var script = after[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
        let database = try cluster.createDatabase()
        let ports = (ReferencePeers.freePort(), ReferencePeers.freePort())
        script = script.replacingOccurrences(of: "postgres://foundry@127.0.0.1:5432/foundry", with: cluster.url(database: database))
            .replacingOccurrences(of: "PGPASSWORD=change-me", with: "PGPASSWORD=\(cluster.password)")
            .replacingOccurrences(of: "8080", with: "\(ports.0)").replacingOccurrences(of: "8081", with: "\(ports.1)")
        #expect(script.contains("foundry store migrate") && script.contains("python3 - <<'EOF'"))

        let upstream = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in StreamedBody.chatAnswer() }
        }
        defer { Task { await upstream.stop() } }
        let home = try TestEnvironment.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/config/foundry", withIntermediateDirectories: true)
        try OnPremConfig.writePricey(baseURL: "\(upstream.baseURL)/v1", to: home + "/config/foundry/config.toml")
        let bin = home + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/foundry", withDestinationPath: TestEnvironment.binary)
        var environment = TestEnvironment.isolated(home: home)
        // The venv's own bin directory: python3 there is the venv's (a link elsewhere would not be).
        environment["PATH"] = bin + ":" + URL(fileURLWithPath: python).deletingLastPathComponent().path + ":/usr/bin:/bin"
        // Should a step fail, the servers started in the background must not outlive the script.
        let guarded = "trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT\n" + script
        let r = try await CommandRunner.run("/bin/bash", ["-e", "-c", guarded], environment: environment)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(ports.0) ") } && lines.contains { $0.hasPrefix("\(ports.1) ") }, "an answer from each instance: \(r.stdout)")
        #expect(r.stdout.contains("search-team"), "the fleet's report names the key: \(r.stdout)")
        #expect(try cluster.psql("SELECT count(*) FROM foundry_usage", database: database) == "2", "both instances' usage is in the store")
        // The key was exported, never printed.
        #expect(!r.stdout.contains("sk-fdy-") && !r.stderr.contains("sk-fdy-"))
    }
}
