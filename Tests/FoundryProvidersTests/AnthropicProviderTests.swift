import Foundation
import FoundryCore
import FoundryProviders
import FoundryTestSupport
import Hummingbird
import Testing

@Suite("Anthropic Messages provider against a loopback server")
struct AnthropicProviderTests {
    static func event(_ name: String, _ json: String) -> String { "event: \(name)\ndata: \(json)\n\n" }

    static let textStream = [
        event("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":10,"cache_read_input_tokens":100,"output_tokens":1}}}"#),
        event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        event("ping", #"{"type": "ping"}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        event("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}"#),
        event("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"#),
        event("message_stop", #"{"type":"message_stop"}"#),
    ].joined()

    func provider(_ server: LoopbackServer) -> AnthropicProvider {
        let settings = ProviderSettings.builtIn.first { $0.name == "anthropic" }!
        let keys = KeyStore(environment: ["ANTHROPIC_API_KEY": "sk-ant-api03-abcdefghijklmnop"])
        return AnthropicProvider(settings: settings, baseURL: server.baseURL, credential: keys.credential(for: settings))
    }

    @Test("streams text and tool use; usage counts cached input; request in Messages shape")
    func stream() async throws {
        let server = try await LoopbackServer.start { router, recorder in
            router.post("/v1/messages") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.textStream, size: 23))
            }
        }
        defer { Task { await server.stop() } }
        var request = sampleRequest
        request.tools = [ToolDefinition(name: "get_weather", description: "Weather", parameters: .object(["type": .string("object")]))]
        request.messages.append(ChatMessage(role: .assistant, content: "", toolCalls: [ToolCall(id: "toolu_00", name: "get_weather", arguments: #"{"city":"Rome"}"#)]))
        request.messages.append(ChatMessage(role: .tool, content: "sunny", toolCallID: "toolu_00"))
        let result = await collect(provider(server), request, entry("anthropic", "claude-haiku-4-5"))
        #expect(result.error == nil)
        #expect(result.text == "Hello there")
        #expect(result.completion.toolCalls == [ToolCall(id: "toolu_01", name: "get_weather", arguments: #"{"city": "Paris"}"#)])
        #expect(result.usage == Usage(inputTokens: 135, outputTokens: 15, cachedInputTokens: 100, cacheWriteTokens: 10))
        #expect(result.finish == .toolCalls)

        let sent = try #require(server.recorded.last)
        #expect(sent.headers["x-api-key"] == "sk-ant-api03-abcdefghijklmnop")
        #expect(sent.headers["anthropic-version"] == "2023-06-01")
        let body = try #require(sent.json)
        #expect(body["system"] as? String == "Be brief.")
        #expect(body["max_tokens"] as? Int == 64)
        #expect(body["stop_sequences"] as? [String] == ["\n\n"])
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["user", "assistant", "user"])
        let toolUse = try #require((messages[1]["content"] as? [[String: Any]])?.first)
        #expect(toolUse["type"] as? String == "tool_use")
        #expect((toolUse["input"] as? [String: Any])?["city"] as? String == "Rome")
        let toolResult = try #require((messages[2]["content"] as? [[String: Any]])?.first)
        #expect(toolResult["type"] as? String == "tool_result")
        #expect(toolResult["tool_use_id"] as? String == "toolu_00")
        #expect((body["tools"] as? [[String: Any]])?.first?["input_schema"] != nil)
    }

    @Test("max_tokens is always sent (the API requires it)")
    func maxTokensDefault() async throws {
        let server = try await LoopbackServer.start { router, recorder in
            router.post("/v1/messages") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: [Self.textStream])
            }
        }
        defer { Task { await server.stop() } }
        _ = await collect(provider(server), ChatRequest(messages: [.user("hi")]), entry("anthropic", "claude-haiku-4-5", maxOutput: 64000))
        #expect(server.recorded.last?.json?["max_tokens"] as? Int == 4096)
    }

    @Test("an error event mid-stream (overloaded) is a retryable server error")
    func overloaded() async throws {
        let stream = Self.event("message_start", #"{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":0}}}"#)
            + Self.event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/messages") { _, _ in StreamedBody.response(contentType: "text/event-stream", chunks: [stream]) }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("anthropic", "claude-haiku-4-5"))
        let error = try #require(result.providerError)
        #expect(error.code == "server")
        #expect(error.status == 529)
        #expect(error.isRetryable)
    }

    @Test("HTTP 401 in Anthropic's error shape names ANTHROPIC_API_KEY and hides the key")
    func unauthorized() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/messages") { _, _ in
                StreamedBody.json(#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, status: .unauthorized)
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("anthropic", "claude-haiku-4-5"))
        let error = try #require(result.providerError)
        #expect(error.code == "auth")
        #expect(error.description.contains("ANTHROPIC_API_KEY"))
        #expect(error.description.contains("invalid x-api-key"))
    }

    @Test("a stream cut before message_stop is an error")
    func cut() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/messages") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(Self.textStream, size: 200), cutAfter: 2)
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("anthropic", "claude-haiku-4-5"))
        #expect(result.providerError?.code == "stream_cut")
        #expect(result.finish == nil)
    }
}
