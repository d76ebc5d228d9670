import FoundryCore

/// The local server in-process, on a free loopback port, for as long as `body` runs.
public enum LocalServer {
    public static func with<T: Sendable>(_ services: ServerServices, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            do {
                try await VoiceServer(services: services, host: "127.0.0.1", port: 0).run { continuation.yield($0) }
            } catch {
                continuation.yield(-1)
            }
            continuation.finish()
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            throw FoundryError.failure("the local voice server could not start on 127.0.0.1")
        }
        return try await body(port)
    }
}
