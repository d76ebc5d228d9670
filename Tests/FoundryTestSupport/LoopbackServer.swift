import Foundation
import Logging
import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1 (port 0) for tests: each test registers routes that speak
/// a provider's wire format, and inspects the requests it received.
public final class LoopbackServer: Sendable {
    public let port: Int
    private let task: Task<Void, any Error>
    public let recorded: RequestRecorder

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public static func start(_ routes: @Sendable (Router<BasicRequestContext>, RequestRecorder) -> Void) async throws -> LoopbackServer {
        let recorder = RequestRecorder()
        let router = Router()
        routes(router, recorder)
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "foundry-test"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "loopback", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw LoopbackError.noPort
        }
        return LoopbackServer(port: port, task: task, recorded: recorder)
    }

    private init(port: Int, task: Task<Void, any Error>, recorded: RequestRecorder) {
        self.port = port
        self.task = task
        self.recorded = recorded
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    enum LoopbackError: Error { case noPort }
}

/// What a loopback server received: method, path with query, headers and the JSON body.
public final class RequestRecorder: Sendable {
    public struct Entry: Sendable {
        public let method: String
        public let uri: String
        public let headers: [String: String]
        public let body: Data

        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    public var all: [Entry] { entries.withLock { $0 } }
    public var last: Entry? { all.last }
    public var count: Int { all.count }

    /// Records a request and returns its body.
    @discardableResult
    public func record(_ request: Request) async throws -> Data {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let buffer = try await request.body.collect(upTo: 4 << 20)
        let body = Data(buffer.readableBytesView)
        entries.withLock { $0.append(Entry(method: request.method.rawValue, uri: request.uri.description, headers: headers, body: body)) }
        return body
    }
}
