import Foundation
import FoundryTestSupport
import Testing

/// `route serve` and `run serve` read chat requests with one parser: the same bodies sent to a
/// real `run serve` and to a real `route serve` (routing to that `run serve`) are accepted or
/// refused alike, with the same status and the same error.
@Suite("OpenAI wire: route serve and run serve accept and refuse the same chat requests", .serialized)
struct WireConformanceTests {
    let home: String
    init() throws { home = try TestEnvironment.temporaryDirectory() }

    var environment: [String: String] { TestEnvironment.isolated(home: home) }

    static let user = #"{"role":"user","content":"Hello"}"#

    /// Refused bodies and the field each refusal names.
    static let refused: [(body: String, field: String)] = [
        ("{", "malformed JSON"),
        ("", "the request body is empty"),
        ("[1,2]", "must be a JSON object"),
        (#"{"model":"auto"}"#, "messages is missing"),
        (#"{"messages":[]}"#, "messages is empty"),
        (#"{"messages":"hi"}"#, "messages must be"),
        (#"{"messages":[{"content":"hi"}]}"#, "messages[0].role is missing"),
        (#"{"messages":[\#(user),{"role":"assistant","content":"Hi"},{"role":"robot","content":"c"}]}"#,
         "messages[2].role 'robot' is not system, developer, user, assistant or tool"),
        (#"{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}"#,
         "messages[0].content[1].type 'image_url'"),
        (#"{"messages":[{"role":"user","content":42}]}"#, "messages[0].content must be"),
        (#"{"messages":[{"role":"tool","content":"sunny"}]}"#, "messages[0].tool_call_id is missing"),
        (#"{"messages":[\#(user)],"max_tokens":-1}"#, "max_tokens must be a non-negative integer, not -1"),
        (#"{"messages":[\#(user)],"max_tokens":2.5}"#, "max_tokens must be a non-negative integer, not 2.5"),
        (#"{"messages":[\#(user)],"max_completion_tokens":"4"}"#, "max_completion_tokens must be"),
        (#"{"messages":[\#(user)],"temperature":3}"#, "temperature must be a number from 0 to 2, not 3"),
        (#"{"messages":[\#(user)],"top_p":0}"#, "top_p must be a number above 0 and at most 1, not 0"),
        (#"{"messages":[\#(user)],"top_k":-5}"#, "top_k must be"),
        (#"{"messages":[\#(user)],"stop":["a",3]}"#, "stop[1] must be a string"),
        (#"{"messages":[\#(user)],"n":3}"#, "n must be 1"),
        (#"{"messages":[\#(user)],"stream":"yes"}"#, "stream must be true or false"),
        (#"{"stream":true,"messages":[{"role":"robot","content":"c"}]}"#, "messages[0].role 'robot'"),
        (#"{"messages":[\#(user)],"response_format":{"type":"xml"}}"#, "response_format.type 'xml'"),
        (#"{"messages":[\#(user)],"tools":[{"type":"function","function":{}}]}"#, "tools[0].function.name is missing"),
    ]

    /// Accepted bodies; `usage` when the stream must end with a usage chunk.
    static let accepted: [(body: String, stream: Bool, usage: Bool)] = [
        (#"{"messages":[\#(user)],"max_tokens":4}"#, false, false),
        (#"{"model":"auto","messages":[\#(user)],"max_completion_tokens":3,"temperature":0,"top_p":1,"seed":7,"top_k":20,"min_p":0.1}"#, false, false),
        (#"{"messages":[{"role":"developer","content":"Be brief."},\#(user)],"max_tokens":4,"temperature":0}"#, false, false),
        (#"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hel"},{"type":"text","text":"lo"}]}],"max_tokens":4}"#, false, false),
        (#"{"messages":[\#(user)],"max_tokens":4,"stop":"\n"}"#, false, false),
        (#"{"messages":[\#(user)],"max_tokens":4,"stop":["\n","END"],"temperature":null,"n":1}"#, false, false),
        (#"{"messages":[\#(user)],"max_tokens":0}"#, false, false),
        (#"{"messages":[\#(user),{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":"sunny"}],"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],"max_tokens":4}"#, false, false),
        (#"{"messages":[\#(user)],"max_tokens":4,"response_format":{"type":"json_object"}}"#, false, false),
        (#"{"messages":[\#(user)],"max_tokens":4,"stream":true}"#, true, false),
        (#"{"messages":[\#(user)],"max_tokens":4,"stream":true,"stream_options":{"include_usage":true}}"#, true, true),
    ]

    struct Answer {
        var status: Int
        var contentType: String
        var body: String
    }

    func post(_ base: String, _ body: String) async throws -> Answer {
        let r = try await CommandRunner.run("/usr/bin/curl", ["-s", "--max-time", "60", "-H", "content-type: application/json", "-w", "\n%{http_code} %{content_type}",
                                                              base + "/v1/chat/completions", "--data-binary", body])
        var lines = r.stdout.components(separatedBy: "\n")
        let last = lines.removeLast().split(separator: " ", maxSplits: 1)
        return Answer(status: Int(last.first ?? "") ?? 0, contentType: last.count > 1 ? String(last[1]) : "", body: lines.joined(separator: "\n"))
    }

    /// The `error` object of an error answer.
    func error(_ answer: Answer) -> [String: String] {
        let doc = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return ((doc?["error"] as? [String: Any]) ?? [:]).compactMapValues { $0 as? String }
    }

    @Test("the same good and bad bodies get the same status and the same one-line error from both servers")
    func sameAnswers() async throws {
        guard let python = ReferencePeers.python() else { return }
        let model = try await ReferencePeers.cachedModel(
            python: python, extra: ["--dim", "256", "--ffn", "768", "--heads", "4", "--kv-heads", "2", "--layers", "2", "--type", "q8_0"])
        let (run, runBase) = try ServerProcess.start(["run", "serve", model, "--port", "0", "--template", "chatml", "--threads", "2"], environment: environment)
        defer { ReferencePeers.stop(run) }
        let config = home + "/route.toml"
        try OnPremConfig.write(baseURL: runBase + "/v1", to: config)
        let (route, routeBase) = try ServerProcess.start(["route", "serve", "--port", "0", "--config", config], environment: environment, timeout: 30)
        defer { ReferencePeers.stop(route) }

        for (body, field) in Self.refused {
            let (a, b) = (try await post(runBase, body), try await post(routeBase, body))
            #expect(a.status == 400 && b.status == 400, "\(body): run \(a.status) \(a.body), route \(b.status) \(b.body)")
            let (runError, routeError) = (error(a), error(b))
            #expect(runError == routeError, "\(body): run \(a.body), route \(b.body)")
            #expect(runError["type"] == "invalid_request_error" && runError["code"] == "bad_request", "\(body): \(a.body)")
            let message = runError["message"] ?? ""
            #expect(message.contains(field) && !message.contains("\n"), "\(body): \(message)")
        }
        for (body, stream, usage) in Self.accepted {
            for (server, base) in [("run", runBase), ("route", routeBase)] {
                let a = try await post(base, body)
                #expect(a.status == 200, "\(server) \(body): \(a.status) \(a.body)")
                guard a.status == 200 else { continue }
                if stream {
                    #expect(a.contentType.hasPrefix("text/event-stream"), "\(server) \(body): \(a.contentType)")
                    let events = a.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
                    #expect(events.last == "data: [DONE]", "\(server) \(body): \(a.body)")
                    #expect(events.dropLast().last?.contains(#""usage":{"#) == usage, "\(server) \(body): \(a.body)")
                } else {
                    let doc = try JSONSerialization.jsonObject(with: Data(a.body.utf8)) as? [String: Any]
                    #expect(doc?["object"] as? String == "chat.completion", "\(server) \(body): \(a.body)")
                    let choice = (doc?["choices"] as? [[String: Any]])?.first
                    #expect((choice?["message"] as? [String: Any])?["role"] as? String == "assistant", "\(server) \(body): \(a.body)")
                }
            }
        }
    }
}
