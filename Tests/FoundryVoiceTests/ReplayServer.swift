import Foundation
import FoundryCore
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// A realtime test server that replays scripted (documented) event sequences to a client on
/// 127.0.0.1, on any path ending in /realtime, and records the upgrade request's headers.
struct ReplayServer {
    /// One connection as a script sees it.
    final class Connection: @unchecked Sendable {
        let outbound: WebSocketOutboundWriter
        private var iterator: WebSocketInboundMessageStream.AsyncIterator
        private(set) var received: [JSONValue] = []

        init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
            self.outbound = outbound
            iterator = inbound.messages(maxSize: 1 << 24).makeAsyncIterator()
        }

        /// The next client event, or nil when the client closed.
        func next() async throws -> JSONValue? {
            while let message = try await iterator.next() {
                if case .text(let text) = message, let value = try? JSONValue.parse(Data(text.utf8), what: "client event") {
                    received.append(value)
                    return value
                }
            }
            return nil
        }

        /// Reads client events until one of `type` arrives.
        @discardableResult
        func expect(_ type: String) async throws -> JSONValue? {
            while let event = try await next() {
                if event["type"]?.stringValue == type { return event }
            }
            return nil
        }

        func send(_ text: String) async throws { try await outbound.write(.text(text)) }

        /// Closes with 1011 (unexpected server error).
        func close(reason: String?) async throws {
            try await outbound.close(.unexpectedServerError, reason: reason)
        }
    }

    /// Starts the server, runs `body` with its port, stops the server.
    static func with<T: Sendable>(script: @escaping @Sendable (Connection) async throws -> Void,
                                  headers: HeaderLog = HeaderLog(),
                                  _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 1 << 24, autoPing: .disabled))) { request, _, _ in
                guard (request.path ?? "").split(separator: "?")[0].hasSuffix("/realtime") else { return .dontUpgrade }
                var fields: [String: String] = [:]
                for field in request.headerFields { fields[field.name.canonicalName] = field.value }
                headers.record(path: request.path ?? "", fields: fields)
                if fields["authorization"] == "Bearer wrong-key" { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try? await script(Connection(inbound: inbound, outbound: outbound))
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "replay", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.run() }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw VoiceTestAudio.Missing(description: "the replay server did not start") }
        return try await body(port)
    }

    /// The upgrade requests the server saw.
    final class HeaderLog: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(path: String, fields: [String: String])] = []
        init() {}
        func record(path: String, fields: [String: String]) { lock.lock(); entries.append((path, fields)); lock.unlock() }
        var all: [(path: String, fields: [String: String])] { lock.lock(); defer { lock.unlock() }; return entries }
    }
}
