import AsyncHTTPClient
import Foundation
import FoundryCore
import FoundryProviders
import FoundryTestSupport
import Hummingbird
import NIOCore
import Testing

/// route serve's event-loop call gives the same events and the same errors as the pulled stream,
/// for the same upstream answers.
@Suite("Event-loop chat call against a loopback server")
struct EventLoopChatCallTests {
    /// An upstream answering every request with `response`, and both ways of calling it.
    func bothWays(firstByte: Duration = .seconds(20), _ response: @escaping @Sendable () async throws -> Response) async throws -> (pulled: Collected, onLoop: Collected) {
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in try await response() }
        }
        defer { Task { await server.stop() } }
        let provider = OpenAICompatibleProvider(
            settings: ProviderSettings(name: "vllm", kind: .openAICompatible, timeouts: Timeouts(connect: .seconds(5), firstByte: firstByte)),
            baseURL: server.baseURL + "/v1", credential: nil)
        return (await collect(provider, sampleRequest, entry("vllm", "m")), await collectOnLoop(provider, sampleRequest, entry("vllm", "m"), loop: HTTPClient.defaultEventLoopGroup.next()))
    }

    @Test("a whole stream: the same events in the same order")
    func stream() async throws {
        let (pulled, onLoop) = try await bothWays {
            StreamedBody.response(contentType: "text/event-stream", chunks: OpenAICompatibleProviderTests.chunks.map { sse([$0], done: false) } + ["data: [DONE]\n\n"])
        }
        #expect(pulled.error == nil && onLoop.error == nil)
        #expect(onLoop.text == "Hello, wörld")
        #expect(onLoop.events == pulled.events)
    }

    @Test("an error status: the same typed error, with the provider's message and Retry-After")
    func errorStatus() async throws {
        let (pulled, onLoop) = try await bothWays {
            StreamedBody.json(#"{"error":{"message":"Rate limit reached"}}"#, status: .tooManyRequests, headers: [.retryAfter: "7"])
        }
        let error = try #require(onLoop.providerError)
        #expect(error.code == "rate_limited" && error.retryAfter == .seconds(7) && error.description.contains("Rate limit reached"))
        #expect(error.description == pulled.providerError?.description)
    }

    @Test("a stream that ends without [DONE] is cut, both ways")
    func missingDone() async throws {
        let (pulled, onLoop) = try await bothWays {
            StreamedBody.response(contentType: "text/event-stream", chunks: [sse(OpenAICompatibleProviderTests.chunks, done: false)])
        }
        #expect(onLoop.providerError?.code == "stream_cut")
        #expect(onLoop.providerError?.description == pulled.providerError?.description)
    }

    @Test("no response head within the first-byte timeout is a timeout, both ways")
    func firstByteTimeout() async throws {
        let (pulled, onLoop) = try await bothWays(firstByte: .milliseconds(300)) {
            try await Task.sleep(for: .seconds(3))
            return StreamedBody.json("{}", status: .ok)
        }
        #expect(onLoop.providerError?.code == "timeout")
        #expect(onLoop.providerError?.description == pulled.providerError?.description)
    }
}
