import AsyncHTTPClient
import FoundryCore
import FoundryProviders
import NIOCore
import NIOPosix
import Testing

/// The event-loop call's own plain-HTTP connections: kept per loop and reused, a kept connection
/// the server has closed replaced without failing the call, and the same errors as the pulled
/// stream (which goes through AsyncHTTPClient) when the server closes, goes silent or is not there.
@Suite("Event-loop call connections against a scripted server")
struct LoopConnectionTests {
    func provider(_ baseURL: String, idle: Duration = .seconds(20)) -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(
            settings: ProviderSettings(name: "vllm", kind: .openAICompatible, timeouts: Timeouts(connect: .seconds(5), firstByte: .seconds(20), idle: idle)),
            baseURL: baseURL + "/v1", credential: nil)
    }

    /// Three calls one after another on one loop, each expected to succeed; returns how many
    /// connections the server accepted.
    func threeCallsOnOneLoop(_ server: ScriptedHTTPServer) async -> Int {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        for _ in 0..<3 {
            let result = await collectOnLoop(provider(server.baseURL), sampleRequest, entry("vllm", "m"), loop: loop)
            #expect(result.error == nil)
            #expect(result.text == "Hello, wörld")
        }
        return server.accepted.load(ordering: .relaxed)
    }

    @Test("calls made one after another on one loop share one kept connection")
    func reuse() async throws {
        let server = try await ScriptedHTTPServer { _ in .answer }
        defer { Task { await server.stop() } }
        #expect(await threeCallsOnOneLoop(server) == 1)
    }

    @Test("a kept connection the server closed is replaced, and the call succeeds")
    func staleConnection() async throws {
        // Each connection answers its first request only and closes on the second, unanswered.
        let server = try await ScriptedHTTPServer { n in n == 0 ? .answer : .closeWithoutAnswer }
        defer { Task { await server.stop() } }
        #expect(await threeCallsOnOneLoop(server) == 3)
    }

    @Test("a new connection closed before any answer fails the call, as the pulled stream does")
    func closedWithoutAnswer() async throws {
        let server = try await ScriptedHTTPServer { _ in .closeWithoutAnswer }
        defer { Task { await server.stop() } }
        let p = provider(server.baseURL)
        let onLoop = await collectOnLoop(p, sampleRequest, entry("vllm", "m"), loop: MultiThreadedEventLoopGroup.singleton.next())
        let pulled = await collect(p, sampleRequest, entry("vllm", "m"))
        #expect(onLoop.providerError?.code == "stream_cut")
        #expect(onLoop.providerError?.description == pulled.providerError?.description)
        #expect(server.accepted.load(ordering: .relaxed) == 2)  // one each: no retry on a new connection
    }

    @Test("a stream silent for longer than the idle timeout fails after its first event, as the pulled stream does")
    func idleTimeout() async throws {
        let server = try await ScriptedHTTPServer { _ in .stallAfterFirstEvent }
        defer { Task { await server.stop() } }
        let p = provider(server.baseURL, idle: .milliseconds(300))
        let onLoop = await collectOnLoop(p, sampleRequest, entry("vllm", "m"), loop: MultiThreadedEventLoopGroup.singleton.next())
        let pulled = await collect(p, sampleRequest, entry("vllm", "m"))
        #expect(onLoop.text == "Hello")
        #expect(onLoop.providerError?.code == "timeout")
        #expect(onLoop.providerError?.description == pulled.providerError?.description)
    }

    @Test("nothing listening: a network error, as the pulled stream gives")
    func refused() async throws {
        let server = try await ScriptedHTTPServer { _ in .answer }
        let url = server.baseURL
        await server.stop()
        let p = provider(url)
        let onLoop = await collectOnLoop(p, sampleRequest, entry("vllm", "m"), loop: MultiThreadedEventLoopGroup.singleton.next())
        let pulled = await collect(p, sampleRequest, entry("vllm", "m"))
        #expect(onLoop.providerError?.code == "network")
        #expect(onLoop.providerError?.description == pulled.providerError?.description)
    }
}
