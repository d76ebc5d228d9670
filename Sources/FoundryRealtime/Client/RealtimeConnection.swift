import AsyncHTTPClient
import Foundation
import FoundryCore
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// A WebSocket connection to a realtime endpoint: received text messages arrive as a stream,
/// each stamped on the monotonic clock when it was read; sends are serialised by the socket.
package final class RealtimeConnection: Sendable {
    package enum Incoming: Sendable {
        case text(String, at: ContinuousClock.Instant)
        /// A binary message (foundry's Opus transport).
        case binary([UInt8], at: ContinuousClock.Instant)
        /// The server closed the socket (with its close code and reason, if it sent one).
        case closed(code: String?, reason: String?)
        case failed(String)
    }

    package let incoming: AsyncStream<Incoming>
    private let writer: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    private init(incoming: AsyncStream<Incoming>, writer: WebSocketOutboundWriter, task: Task<Void, Never>) {
        self.incoming = incoming
        self.writer = writer
        self.task = task
    }

    /// Sends one text message.
    package func send(_ text: String) async throws {
        try await writer.write(.text(text))
    }

    /// Sends one binary message.
    package func sendBinary(_ bytes: [UInt8]) async throws {
        try await writer.write(.binary(ByteBuffer(bytes: bytes)))
    }

    /// Closes normally and waits until the socket is down, at most `timeout`. Runs in a task of
    /// its own, so a cancelled caller (Ctrl-C) still sends the close frame and never waits longer.
    package func close(timeout: Duration = .seconds(2)) async {
        let task = self.task, writer = self.writer
        await Task {
            try? await writer.close(.normalClosure, reason: "client done")
            let (ended, continuation) = AsyncStream<Void>.makeStream()
            // Whichever comes first: the socket going down or the timeout.
            let watcher = Task {
                await task.value
                continuation.finish()
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                continuation.finish()
            }
            for await _ in ended {}
            timer.cancel()
            watcher.cancel()
            task.cancel()
        }.value
    }

    /// Connects and completes the WebSocket upgrade; a refused upgrade is explained with the
    /// HTTP status and error the endpoint returns to a plain request.
    package static func open(_ endpoint: RealtimeEndpoint) async throws -> RealtimeConnection {
        let (incoming, continuation) = AsyncStream<Incoming>.makeStream()
        let ready = ReadyGate()
        var fields = HTTPFields()
        for (name, value) in endpoint.headers { if let n = HTTPField.Name(name) { fields[n] = value } }
        fields[.userAgent] = "foundry/\(FoundryVersion.current)"
        let configuration = WebSocketClientConfiguration(maxFrameSize: 16 << 20, additionalHeaders: fields, closeTimeout: .seconds(2))
        let logger = Logger(label: "foundry.voice.client", factory: { _ in SwiftLogNoOpLogHandler() })
        let writer: WebSocketOutboundWriter
        var task: Task<Void, Never>?
        do {
            writer = try await withCheckedThrowingContinuation { (c: CheckedContinuation<WebSocketOutboundWriter, any Error>) in
                ready.set(c)
                task = Task {
                    let resolve = ready.resolve
                    do {
                        let close = try await WebSocketClient.connect(url: endpoint.url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                            resolve(.success(outbound))
                            do {
                                for try await message in inbound.messages(maxSize: 16 << 20) {
                                    switch message {
                                    case .text(let text): continuation.yield(.text(text, at: Stopwatch.clock.now))
                                    case .binary(let buffer): continuation.yield(.binary(Array(buffer.readableBytesView), at: Stopwatch.clock.now))
                                    }
                                }
                            } catch {
                                continuation.yield(.failed("\(error)"))
                            }
                        }
                        resolve(.failure(FoundryError.provider("the WebSocket connection to \(endpoint.displayURL) ended before it was ready")))
                        continuation.yield(.closed(code: close.map { "\($0.closeCode)" }, reason: close?.reason))
                    } catch {
                        resolve(.failure(error))
                        continuation.yield(.failed(Self.describe(error)))
                    }
                    continuation.finish()
                }
            }
        } catch {
            throw await Self.explain(error, endpoint: endpoint)
        }
        return RealtimeConnection(incoming: incoming, writer: writer, task: task ?? Task {})
    }

    /// Resumes the connecting task once: with the writer when the upgrade is done, or the error.
    package final class ReadyGate: Sendable {
        private let pending = Mutex<CheckedContinuation<WebSocketOutboundWriter, any Error>?>(nil)

        package func set(_ c: CheckedContinuation<WebSocketOutboundWriter, any Error>) { pending.withLock { $0 = c } }

        @Sendable package func resolve(_ result: Result<WebSocketOutboundWriter, any Error>) {
            pending.withLock { p in
                p?.resume(with: result)
                p = nil
            }
        }
    }

    package static func describe(_ error: any Error) -> String {
        if let e = error as? FoundryError { return e.message }
        return "\(error)"
    }

    /// A connection failure as one line: refused, DNS, TLS, or the HTTP answer to the upgrade.
    package static func explain(_ error: any Error, endpoint: RealtimeEndpoint) async -> FoundryError {
        if let e = error as? FoundryError { return e }
        if let e = error as? WebSocketClientError, e == .webSocketUpgradeFailed {
            let answer = await probe(endpoint)
            return FoundryError.provider("\(endpoint.displayURL) refused the WebSocket upgrade\(answer.map { ": " + $0 } ?? "")",
                                         hint: answer?.contains("401") == true || answer?.contains("403") == true
                                             ? "check the key\(endpoint.credentialSource.map { " (from \($0))" } ?? "")" : "check the endpoint URL and the model or deployment name")
        }
        return FoundryError.provider("cannot connect to \(endpoint.displayURL): \(reason(error))", hint: "check the endpoint URL and that the server is running")
    }

    /// The system's words for a failed connect ("connection refused") instead of the socket
    /// library's nested description, when it names an errno.
    package static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        guard let range = text.range(of: #"errno: [0-9]+"#, options: .regularExpression),
              let code = Int32(text[range].dropFirst("errno: ".count)) else { return text }
        return String(cString: strerror(code)).lowercased()
    }

    /// The status and error message the endpoint gives a plain GET with the same headers.
    package static func probe(_ endpoint: RealtimeEndpoint) async -> String? {
        var url = endpoint.url
        if url.hasPrefix("wss://") { url = "https://" + url.dropFirst(6) } else if url.hasPrefix("ws://") { url = "http://" + url.dropFirst(5) }
        var request = HTTPClientRequest(url: url)
        for (name, value) in endpoint.headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 64 << 10)
            let text = String(buffer: body)
            var detail = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let json = try? JSONValue.parse(Data(text.utf8), what: "error"), let message = json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue {
                detail = message
            }
            return "HTTP \(response.status.code)" + (detail.isEmpty ? "" : " (\(detail.prefix(200)))")
        } catch {
            return nil
        }
    }
}
