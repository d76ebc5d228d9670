import Foundation
import FoundryTestSupport
import Testing

/// `foundry run serve` as a real server process, used by the official openai Python SDK.
@Suite("foundry run serve (end to end)", .serialized)
struct RunServeTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    func serve(_ model: String) throws -> (Process, String) {
        try ServerProcess.start(["run", "serve", model, "--port", "0", "--template", "chatml", "--threads", "2"],
                                environment: ["HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
    }

    @Test("the openai SDK streams a chat completion with usage, completes text and lists the model")
    func openAIClient() async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(
            python: python, extra: ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "2", "--layers", "2", "--type", "q8_0"])
        let (server, base) = try serve(model)
        defer { server.terminate(); server.waitUntilExit() }
        let script = """
            import json, openai
            c = openai.OpenAI(base_url="\(base)/v1", api_key="none")
            models = [m.id for m in c.models.list()]
            chunks, text, usage = 0, "", None
            for ch in c.chat.completions.create(model=models[0], messages=[{"role": "user", "content": "Hello"}],
                                                 max_tokens=12, temperature=0, stream=True, stream_options={"include_usage": True}):
                if ch.usage: usage = ch.usage
                for choice in ch.choices:
                    if choice.delta.content: chunks += 1; text += choice.delta.content
            whole = c.chat.completions.create(model=models[0], messages=[{"role": "user", "content": "Hello"}], max_tokens=12, temperature=0)
            plain = c.completions.create(model=models[0], prompt="The capital of France is", max_tokens=5, temperature=0)
            try:
                c.chat.completions.create(model=models[0], messages=[], max_tokens=5)
                bad = "accepted"
            except openai.BadRequestError as e:
                bad = str(e)
            print(json.dumps({"models": models, "chunks": chunks, "text": text, "usage": usage.model_dump() if usage else None,
                              "whole": whole.choices[0].message.content, "whole_usage": whole.usage.model_dump(),
                              "plain": plain.choices[0].text, "plain_finish": plain.choices[0].finish_reason, "bad": bad}))
            """
        let r = try await CommandRunner.run(python, ["-c", script], inheritEnvironment: true)
        try #require(r.status == 0, "\(r.stderr.suffix(2000))")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((doc["models"] as? [String])?.count == 1)
        #expect((doc["chunks"] as? Int ?? 0) >= 2, "streamed in several chunks")
        let usage = try #require(doc["usage"] as? [String: Any])
        #expect(usage["completion_tokens"] as? Int == 12)
        #expect((usage["prompt_tokens"] as? Int ?? 0) > 1)
        #expect(doc["whole"] as? String == doc["text"] as? String, "greedy: the stream and the whole answer agree")
        #expect(doc["plain_finish"] as? String == "length")
        #expect((doc["bad"] as? String)?.contains("messages") == true, "\(doc["bad"] ?? "")")
    }

    @Test("malformed bodies are 400, unknown paths 404, in OpenAI's error shape; SIGINT exits 130, no doubled warning")
    func clientMistakesAndSignals() async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(
            python: python, extra: ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "2", "--layers", "2", "--type", "q8_0"])
        let (server, base) = try serve(model)
        defer { ReferencePeers.stop(server) }
        for (path, body, status) in [("/v1/chat/completions", "{", 400), ("/v1/completions", "", 400), ("/v1/chat/completions", "\u{FF}", 400),
                                     ("/v1/nothing", "{}", 404)] {
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", base + path, "--data-binary", body])
            let lines = r.stdout.split(separator: "\n")
            #expect(Int(lines.last ?? "") == status, "\(path) \(body): \(r.stdout)")
            let doc = try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any]
            #expect((doc?["error"] as? [String: Any])?["type"] as? String == "invalid_request_error", "\(r.stdout)")
        }
        let directory = NSTemporaryDirectory() + "run-serve-hostile-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for body in try RouteServeEdgeTests.hostileBodies(in: directory) {
            let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", base + "/v1/chat/completions", "--data-binary", "@" + body.path])
            let lines = r.stdout.split(separator: "\n")
            #expect(Int(lines.last ?? "") == body.status, "\(body.name): \(r.stdout.prefix(300))")
            #expect(r.stdout.contains(body.words), "\(body.name): \(r.stdout.prefix(300))")
        }
        kill(server.processIdentifier, SIGINT)
        server.waitUntilExit()
        #expect(server.terminationStatus == 130)
    }
}
