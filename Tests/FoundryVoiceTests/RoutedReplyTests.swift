import Foundation
import FoundryCore
import FoundryTestSupport
import Hummingbird
import Testing

/// The local server answering through route: a configured OpenAI-compatible model on 127.0.0.1
/// streams its reply, which is spoken sentence by sentence and logged like any routed call.
@Suite(.serialized) struct RoutedReplyTests {
    static let stream = [
        #"{"choices":[{"index":0,"delta":{"content":"It is sunny"},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":" in Paris. Take"},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":" sunglasses!"},"finish_reason":null}]}"#,
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":9}}"#,
    ].map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"

    @Test func aConfiguredModelAnswersAndIsSpokenSentenceBySentence() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let model = try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.stream, size: 30), pause: .milliseconds(20))
            }
        }
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(model.baseURL)/v1", to: config)
        let input = try await VoiceTestAudio.utterance("What is the weather in Paris?", in: home)
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--config", config, "--reply", "route", "--fast", "--silence-ms", "400",
                                                 "--instructions", "Answer in two short sentences.", "--json"], home: home)
        await model.stop()
        #expect(r.status == 0, "\(r.stderr)")
        let records = r.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8), what: "line") }
        let received = records.filter { $0["direction"]?.stringValue == "received" }.compactMap { $0["event"] }
        let created = try #require(received.first { $0["type"]?.stringValue == "session.created" })
        #expect(created["session"]?["foundry"]?["reply"]?.stringValue?.hasPrefix("route:onprem/") == true)
        // Two pieces, each spoken as its text arrived: the transcript deltas follow the sentences.
        let pieces = received.filter { $0["type"]?.stringValue == "response.output_audio_transcript.delta" }.compactMap { $0["delta"]?.stringValue }
        #expect(pieces == ["It is sunny in Paris.", " Take sunglasses!"])
        let done = try #require(received.first { $0["type"]?.stringValue == "response.done" })
        #expect(done["response"]?["status"]?.stringValue == "completed")
        // The model got the instructions and the user's words as a chat.
        let request = try #require(model.recorded.last?.json)
        let messages = request["messages"] as? [[String: Any]] ?? []
        #expect(messages.first?["role"] as? String == "system" && messages.first?["content"] as? String == "Answer in two short sentences.")
        #expect(messages.last?["role"] as? String == "user" && !(messages.last?["content"] as? String ?? "").isEmpty)
        let turn = try #require(records.first { $0["type"]?.stringValue == "foundry.turn" })
        #expect(turn["server_reply_first_token_ms"]?.doubleValue != nil)
        // The routed call is logged by route (source voice-serve), the turn by voice.
        let usage = try String(contentsOfFile: home + "/state/foundry/usage.jsonl", encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONValue.parse(Data($0.utf8), what: "usage") }
        #expect(usage.contains { $0["source"]?.stringValue == "voice-serve" && $0["model"]?.stringValue?.hasPrefix("onprem/") == true })
        #expect(usage.contains { $0["source"]?.stringValue == "voice" })
    }

    @Test func routeWithoutAModelIsAClearError() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: home)
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--reply", "route"], home: home)
        #expect(r.status == ExitStatus.unsatisfiable)
        #expect(r.stderr.hasPrefix("foundry: no configured model can answer the local voice server"))
    }
}
