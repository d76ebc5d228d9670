import Foundation
import Hummingbird
import NIOCore

/// An OpenAI-compatible upstream for the serve benchmark. `instant` answers at once with the
/// whole stream in one buffer (so only the router's own cost shows); `paced` behaves like a
/// model server: the first token after `firstToken`, then one token every `interval`.
struct BenchUpstream {
    var firstToken: Duration = .zero
    var tokens = 2
    var interval: Duration = .zero

    static let instant = BenchUpstream()

    static func event(_ text: String) -> String {
        "data: " + #"{"choices":[{"index":0,"delta":{"content":"\#(text)"},"finish_reason":null}]}"# + "\n\n"
    }

    static let end = "data: " + #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        + "\n\ndata: [DONE]\n\n"

    /// Starts it on a free loopback port; returns the base URL and the task running it.
    func start() async -> (String, Task<Void, any Error>) {
        let shape = self
        let router = Router()
        router.post("/v1/chat/completions") { _, _ in
            let headers: HTTPFields = [.contentType: "text/event-stream"]
            if shape.firstToken == .zero && shape.interval == .zero {
                let words = ["Hello"] + Array(repeating: " there", count: max(0, shape.tokens - 1))
                return Response(status: .ok, headers: headers,
                                body: ResponseBody(byteBuffer: ByteBuffer(string: words.map(Self.event).joined() + Self.end)))
            }
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await Task.sleep(for: shape.firstToken)
                try await writer.write(ByteBuffer(string: Self.event("Hello")))
                for _ in 1..<max(1, shape.tokens) {
                    try await Task.sleep(for: shape.interval)
                    try await writer.write(ByteBuffer(string: Self.event(" there")))
                }
                try await writer.write(ByteBuffer(string: Self.end))
                try await writer.finish(nil)
            })
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return ("http://127.0.0.1:\(port)", task)
    }
}
