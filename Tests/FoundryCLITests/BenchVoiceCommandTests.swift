import Foundation
import FoundryTestSupport
import Testing

/// `foundry bench voice` as a user runs it: the built binary against the local server (in-process,
/// and `foundry voice serve` in a process of its own), spoken turns made with espeak-ng.
@Suite("foundry bench voice (end to end)", .serialized)
struct BenchVoiceCommandTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
    }

    @Test("synthesised turns against the in-process local server: turn count, plausible figures, usage and latency recorded")
    func synthesisedTurnsAgainstTheLocalServer() async throws {
        let r = try await CommandRunner.foundry(["bench", "voice", "--turns", "3", "--seed", "1", "--reply", "echo", "--silence-ms", "400", "--json"],
                                                home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        #expect(doc["num_turns"] as? Int == 3)
        #expect(doc["completed"] as? Int == 3, "\(r.stderr)")
        #expect(doc["reply"] as? String == "echo" && doc["vad_silence_ms"] as? Int == 400)
        #expect((doc["per_turn"] as? [[String: Any]])?.count == 3)
        // Speech end → first audio byte: after the 400 ms silence window, and well below 20 s.
        let median = try #require(doc["median_first_audio_ms"] as? Double)
        let p95 = try #require(doc["p95_first_audio_ms"] as? Double), p99 = try #require(doc["p99_first_audio_ms"] as? Double)
        let max = try #require(doc["max_first_audio_ms"] as? Double)
        #expect(median > 400 && max < 20_000, "first audio: median \(median) ms, max \(max) ms")
        #expect(median <= p95 && p95 <= p99 && p99 <= max)
        let vad = try #require(doc["median_vad_to_first_audio_ms"] as? Double)
        #expect(vad > 0 && vad < median, "the server's VAD decision comes after the speech end and before the first audio")
        #expect(doc["median_server_stt_final_ms"] is Double && doc["median_last_audio_ms"] is Double && doc["median_response_done_ms"] is Double)
        #expect(r.stderr.contains("bench voice: turn 3/3 \"") && r.stderr.contains("completed: first audio"), "\(r.stderr)")

        let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8).split(separator: "\n").map { try json(String($0)) }
        #expect(usage.count == 3 && usage.allSatisfy { $0["source"] as? String == "bench" && $0["model"] as? String == "local/voice-echo" })
        let latency = try json(try String(contentsOfFile: home + "/state/foundry/latency.json", encoding: .utf8))
        let samples = try #require((latency["models"] as? [String: Any])?["local/voice-echo"] as? [String: Any])
        #expect((samples["ttft_ms"] as? [Double])?.count == 3)

        let text = try await CommandRunner.foundry(["bench", "voice", "--turns", "1", "--reply", "echo", "--silence-ms", "400"], home: home)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("turns       1 answered, 0 failed"))
        #expect(text.stdout.contains("Speech end → first audio byte") && text.stdout.contains("P99"), "\(text.stdout)")

        let csv = try await CommandRunner.foundry(["bench", "voice", "--turns", "1", "--reply", "echo", "--silence-ms", "400", "--csv"], home: home)
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(csv.status == 0 && rows.count == 2 && rows[0].count == rows[1].count, "\(csv.stdout)")
        #expect(rows.first?.contains("median_first_audio_ms") == true)
    }

    @Test("a file repeated to the turn count against foundry voice serve through --endpoint")
    func filesAgainstAnEndpoint() async throws {
        let raw = home + "/q.wav"
        let speak = try await CommandRunner.run("/usr/bin/espeak-ng", ["-w", raw, "What time is it?"])
        try #require(speak.status == 0, "espeak-ng is missing: run scripts/bootstrap (\(speak.stderr))")
        let (server, url) = try ServerProcess.start(["voice", "serve", "--port", "0", "--reply", "echo"],
                                                   environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
                                                                 "PATH": "/usr/bin:/bin"])
        defer { ReferencePeers.stop(server) }
        #expect(url.hasPrefix("ws://127.0.0.1:"))
        let r = try await CommandRunner.foundry(["bench", "voice", "--in", raw, "--turns", "2", "--endpoint", url + "/v1/realtime",
                                                 "--silence-ms", "400", "--json"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        #expect(doc["num_turns"] as? Int == 2 && doc["completed"] as? Int == 2)
        #expect(doc["target"] as? String == url + "/v1/realtime" && doc["seed"] is NSNull)
        let turns = try #require(doc["per_turn"] as? [[String: Any]])
        #expect(turns.map { $0["input"] as? String } == ["q.wav", "q.wav"])
    }

    @Test("Ctrl-C mid-run: exit 130 at once, the turns answered so far summarised and recorded")
    func interrupted() async throws {
        let started = Date()
        let r = try await CommandRunner.foundry(["bench", "voice", "--turns", "6", "--reply", "echo", "--silence-ms", "400", "--json"],
                                                home: home, interruptAfter: 10)
        #expect(Date().timeIntervalSince(started) < 20, "the run ended soon after Ctrl-C")
        #expect(r.status == 130, "\(r.stderr)")
        let doc = try json(r.stdout)
        let completed = try #require(doc["completed"] as? Int)
        #expect(completed < 6 && (doc["num_turns"] as? Int ?? 0) >= completed)
        #expect(r.stderr.contains("foundry: interrupted"), "\(r.stderr)")
        let usage = (try? String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8))?.split(separator: "\n") ?? []
        #expect(usage.count == completed, "one usage record per answered turn")
    }

    @Test("bad input: one clear line and the documented exit code")
    func badInput() async throws {
        let port = ReferencePeers.freePort()
        let nobody = try await CommandRunner.foundry(["bench", "voice", "--turns", "2", "--endpoint", "ws://127.0.0.1:\(port)/v1/realtime"], home: home)
        #expect(nobody.status == 4)
        #expect(nobody.stderr.hasPrefix("foundry: cannot connect to ws://127.0.0.1:\(port)/v1/realtime: connection refused\n"), "\(nobody.stderr)")
        let lines = nobody.stderr.split(separator: "\n")
        #expect(lines.count <= 2 && lines.dropFirst().allSatisfy { $0.hasPrefix("foundry: hint: ") }, "one message: \(nobody.stderr)")
        #expect(nobody.stdout.isEmpty)

        let missing = try await CommandRunner.foundry(["bench", "voice", "--in", home + "/nope.wav"], home: home)
        #expect(missing.status == 1 && missing.stderr == "foundry: cannot open '\(home)/nope.wav': no such file\n")

        let zero = try await CommandRunner.foundry(["bench", "voice", "--turns", "0"], home: home)
        #expect(zero.status == 2 && zero.stderr.hasPrefix("foundry: --turns must be a positive integer"), "\(zero.stderr)")

        let azure = try await CommandRunner.foundry(["bench", "voice", "--endpoint", "wss://myres.openai.azure.com/openai/v1/realtime?model=gpt-realtime"], home: home)
        #expect(azure.status == 2 && azure.stderr.hasPrefix("foundry: no key for Azure OpenAI"), "\(azure.stderr)")
    }
}
