import Foundation
import FoundryCore
import FoundryProviders
import FoundryTestSupport
import Hummingbird
import Testing

@Suite("OpenAI-compatible provider against a loopback server")
struct OpenAICompatibleProviderTests {
    static let chunks = [
        #"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#,
        #"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"lo, wörld"},"finish_reason":null}]}"#,
        #"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        #"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":4,"total_tokens":23,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":0}}}"#,
    ]

    func provider(_ server: LoopbackServer, name: String = "openai", key: String? = "sk-test-0123456789abcdef",
                  firstByte: Duration = .seconds(20)) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            settings: ProviderSettings(name: name, kind: .openAICompatible, apiKeyVariable: "OPENAI_API_KEY",
                                       timeouts: Timeouts(connect: .seconds(5), firstByte: firstByte)),
            baseURL: server.baseURL + "/v1", credential: key.flatMap { credential($0, "OPENAI_API_KEY") })
    }

    @Test("streams text, usage and finish; sends every request field")
    func streamsAndSendsFields() async throws {
        let server = try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                // 7-byte writes: events split across reads, as real networks deliver them.
                return StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(sse(Self.chunks), size: 7), pause: .milliseconds(1))
            }
        }
        defer { Task { await server.stop() } }
        let tools = [ToolDefinition(name: "get_weather", description: "Weather", parameters: .object(["type": .string("object")]))]
        var request = sampleRequest
        request.tools = tools
        request.responseFormat = .json
        let result = await collect(provider(server), request, entry("openai", "gpt-4o"))
        #expect(result.error == nil)
        #expect(result.text == "Hello, wörld")
        #expect(result.usage == Usage(inputTokens: 19, outputTokens: 4, cachedInputTokens: 8, reasoningTokens: 0))
        #expect(result.finish == .stop)
        #expect(result.events.last == .finish(.stop))

        let sent = try #require(server.recorded.last)
        #expect(sent.headers["authorization"] == "Bearer sk-test-0123456789abcdef")
        let body = try #require(sent.json)
        #expect(body["model"] as? String == "gpt-4o")
        #expect(body["stream"] as? Bool == true)
        #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect(body["temperature"] as? Double == 0.2)
        #expect(body["top_p"] as? Double == 0.9)
        #expect(body["max_completion_tokens"] as? Int == 64, "OpenAI itself takes max_completion_tokens")
        #expect(body["stop"] as? [String] == ["\n\n"])
        #expect((body["response_format"] as? [String: Any])?["type"] as? String == "json_object")
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        #expect(messages[1]["content"] as? String == "Say hello")
        let tool = try #require((body["tools"] as? [[String: Any]])?.first)
        #expect(tool["type"] as? String == "function")
        #expect((tool["function"] as? [String: Any])?["name"] as? String == "get_weather")
    }

    @Test("other OpenAI-compatible servers get max_tokens")
    func maxTokensForOthers() async throws {
        let server = try await LoopbackServer.start { router, recorder in
            router.post("/v1/chat/completions") { request, _ in
                try await recorder.record(request)
                return StreamedBody.response(contentType: "text/event-stream", chunks: [sse(Self.chunks)])
            }
        }
        defer { Task { await server.stop() } }
        _ = await collect(provider(server, name: "vllm", key: nil), sampleRequest, entry("vllm", "llama"))
        let body = try #require(server.recorded.last?.json)
        #expect(body["max_tokens"] as? Int == 64)
        #expect(body["max_completion_tokens"] == nil)
        #expect(server.recorded.last?.headers["authorization"] == nil)
    }

    @Test("assembles streamed tool calls")
    func toolCalls() async throws {
        let toolChunks = [
            #"{"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]},"finish_reason":null}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        ]
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: StreamedBody.split(sse(toolChunks), size: 16))
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        #expect(result.error == nil)
        #expect(result.completion.toolCalls == [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Oslo"}"#)])
        #expect(result.finish == .toolCalls)
    }

    @Test("HTTP errors become typed one-line errors", arguments: [
        (401, #"{"error":{"message":"Incorrect API key provided: sk-test-0123456789abcdef.","type":"invalid_request_error","code":"invalid_api_key"}}"#, "auth"),
        (404, #"{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}}"#, "not_found"),
        (429, #"{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}"#, "rate_limited"),
        (500, #"{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"#, "server"),
        (503, "upstream connect error", "server"),
        (400, #"{"error":{"message":"'messages' must contain at least one message","type":"invalid_request_error"}}"#, "bad_request"),
    ])
    func httpErrors(status: Int, body: String, code: String) async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.json(body, status: .init(code: status), headers: status == 429 ? [.retryAfter: "7"] : [:])
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        let error = try #require(result.providerError)
        #expect(error.code == code)
        #expect(error.status == status)
        #expect(!error.description.contains("\n"))
        #expect(!error.description.contains("0123456789abcdef"), "the key must never appear: \(error.description)")
        #expect(result.events.isEmpty)
        if status == 401 { #expect(error.description.contains("OPENAI_API_KEY")) }
        if status == 429 {
            #expect(error.retryAfter == .seconds(7))
            #expect(error.description.contains("retry after 7 s"))
        }
        if status == 404 { #expect(error.description.contains("does not exist")) }
    }

    @Test("a stream cut before [DONE] is an error, not a complete answer")
    func cutStream() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: Array(sse(Self.chunks).components(separatedBy: "\n\n").map { $0 + "\n\n" }), cutAfter: 3)
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        // What arrived before the cut is delivered (a loaded machine may see the reset first).
        #expect("Hello, wörld".hasPrefix(result.text))
        let error = try #require(result.providerError)
        #expect(error.code == "stream_cut")
        #expect(result.finish == nil)
    }

    @Test("a server that ends the stream cleanly without [DONE] is also cut")
    func missingDone() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: [sse(Self.chunks, done: false)])
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        #expect(result.providerError?.code == "stream_cut")
    }

    @Test("malformed SSE data is a protocol error")
    func malformed() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: ["data: {\"choices\": [\n\n"])
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        #expect(result.providerError?.code == "protocol")
    }

    @Test("first-byte timeout")
    func firstByteTimeout() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                try await Task.sleep(for: .seconds(10))
                return StreamedBody.response(contentType: "text/event-stream", chunks: [sse(Self.chunks)])
            }
        }
        defer { Task { await server.stop() } }
        let clock = ContinuousClock()
        let start = clock.now
        let result = await collect(provider(server, firstByte: .milliseconds(500)), sampleRequest, entry("openai", "gpt-4o"))
        #expect(result.providerError?.code == "timeout")
        #expect(result.providerError?.description.contains("no response within 500 ms") == true)
        #expect(clock.now - start < .seconds(8), "gave up long before the server's 10 s answer")
    }

    @Test("connection refused is a network error")
    func refused() async throws {
        let server = try await LoopbackServer.start { _, _ in }
        let url = server.baseURL
        await server.stop()
        let p = OpenAICompatibleProvider(
            settings: ProviderSettings(name: "vllm", kind: .openAICompatible), baseURL: url + "/v1", credential: nil)
        let result = await collect(p, sampleRequest, entry("vllm", "m"))
        #expect(result.providerError?.code == "network")
    }

    @Test("an error object inside the stream ends it with that error")
    func errorInStream() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                StreamedBody.response(contentType: "text/event-stream", chunks: [
                    sse([Self.chunks[1], #"{"error":{"message":"The server is overloaded","type":"server_error","code":503}}"#], done: false),
                ])
            }
        }
        defer { Task { await server.stop() } }
        let result = await collect(provider(server), sampleRequest, entry("openai", "gpt-4o"))
        #expect(result.text == "Hel")
        #expect(result.providerError?.code == "server")
        #expect(result.providerError?.description.contains("overloaded") == true)
    }
}

@Suite("Transport failures")
struct TransportFailureTests {
    @Test("https to a server that speaks plain HTTP is a TLS failure")
    func tls() async throws {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in StreamedBody.json("{}", status: .ok) }
        }
        defer { Task { await server.stop() } }
        let p = OpenAICompatibleProvider(
            settings: ProviderSettings(name: "vllm", kind: .openAICompatible, timeouts: Timeouts(connect: .seconds(5), firstByte: .seconds(10))),
            baseURL: "https://127.0.0.1:\(server.port)/v1", credential: nil)
        let result = await collect(p, sampleRequest, entry("vllm", "m"))
        #expect(result.providerError?.code == "tls", "\(String(describing: result.error))")
        #expect(result.providerError?.description.contains("\n") == false)
    }
}
