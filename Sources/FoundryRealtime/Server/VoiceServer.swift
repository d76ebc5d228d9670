import FoundryCore
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The local realtime server: the OpenAI Realtime protocol (GA names) over WebSocket on any
/// path ending in `/realtime` (`/v1/realtime`, `/openai/v1/realtime`, `/openai/realtime`), one
/// `ServerSession` per connection.
public struct VoiceServer: Sendable {
    public let services: ServerServices
    public let host: String
    public let port: Int
    /// Largest message accepted or sent (audio deltas of a whole sentence fit easily).
    package static let maxMessage = 16 << 20

    public init(services: ServerServices, host: String = "127.0.0.1", port: Int = 0) {
        self.services = services
        self.host = host
        self.port = port
    }

    /// Whether an upgrade request's path is a realtime endpoint.
    package static func isRealtimePath(_ path: String) -> Bool {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return bare.hasSuffix("/realtime") || bare == "/realtime"
    }

    package func application(onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("/health") { _, _ in "ok\n" }
        router.get("**") { request, _ -> Response in
            guard Self.isRealtimePath(request.uri.path) else { return Response(status: .notFound) }
            return Response(status: .upgradeRequired, headers: [.upgrade: "websocket"],
                            body: .init(byteBuffer: ByteBuffer(string: "this is a realtime WebSocket endpoint: connect with ws://\n")))
        }
        let services = self.services
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: Self.maxMessage, autoPing: .disabled))) { request, _, _ in
                guard Self.isRealtimePath(request.path ?? "") else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    await Self.serve(services: services, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "foundry-voice"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "foundry.voice.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Serves until the task is cancelled (in-process use).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(onRunning: onRunning).run()
    }

    /// Serves until SIGINT or SIGTERM, then closes sessions (`foundry voice serve`).
    public func runService(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(onRunning: onRunning).runService()
    }

    /// One connection: a writer drains the session's outbox while the reader feeds it events.
    package static func serve(services: ServerServices, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (outgoing, continuation) = AsyncStream<ServerSession.Outgoing>.makeStream()
        let session = ServerSession(services: services, outbox: continuation)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var open = true
                for await message in outgoing where open {
                    do {
                        switch message {
                        case .text(let text): try await outbound.write(.text(text))
                        case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                        }
                    } catch { open = false }
                }
            }
            await session.start()
            do {
                for try await message in inbound.messages(maxSize: maxMessage) {
                    switch message {
                    case .text(let text): await session.handle(text)
                    case .binary(let buffer): await session.handleBinary(Array(buffer.readableBytesView))
                    }
                }
            } catch {
                // The client went away mid-message; the session ends as on a close.
            }
            await session.close()
            await group.waitForAll()
        }
    }
}
