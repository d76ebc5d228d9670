import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A raw HTTP/1.1 server on 127.0.0.1 whose connections behave as a test scripts them, request
/// by request: answer with a keep-alive event stream, close without answering (as a server
/// does with a kept connection it has timed out), or send the head and one event and then go
/// silent. It counts the connections it accepted.
final class ScriptedHTTPServer: Sendable {
    enum Behaviour: Sendable {
        case answer
        case closeWithoutAnswer
        case stallAfterFirstEvent
    }

    /// Every answer's events (OpenAI's wire format).
    static let events = ["Hello", ", wörld"].map { #"data: {"choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
        + ["data: [DONE]\n\n"]

    let accepted = Atomic<Int>(0)
    private let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `script(n)` says what to do with the n-th request (from 0) on a connection.
    init(script: @escaping @Sendable (Int) -> Behaviour) async throws {
        let box = Box()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                box.server?.accepted.add(1, ordering: .relaxed)
                return child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Connection(script: script)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        box.server = self
    }

    func stop() async { try? await channel.close() }

    private final class Box: @unchecked Sendable {
        weak var server: ScriptedHTTPServer?
    }

    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let script: @Sendable (Int) -> Behaviour
        var received = ByteBuffer()
        var requests = 0

        init(script: @escaping @Sendable (Int) -> Behaviour) { self.script = script }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var chunk = unwrapInboundIn(data)
            received.writeBuffer(&chunk)
            while let length = Self.requestLength(received) {
                received.moveReaderIndex(forwardBy: length)
                let behaviour = script(requests)
                requests += 1
                switch behaviour {
                case .answer:
                    respond(context, events: ScriptedHTTPServer.events, end: true)
                case .closeWithoutAnswer:
                    context.close(promise: nil)
                    return
                case .stallAfterFirstEvent:
                    respond(context, events: [ScriptedHTTPServer.events[0]], end: false)
                }
            }
        }

        private func respond(_ context: ChannelHandlerContext, events: [String], end: Bool) {
            var text = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            for event in events { text += String(event.utf8.count, radix: 16) + "\r\n" + event + "\r\n" }
            if end { text += "0\r\n\r\n" }
            context.writeAndFlush(NIOAny(ByteBuffer(string: text)), promise: nil)
        }

        /// The length of the first complete request in `buffer` (head and content-length body).
        static func requestLength(_ buffer: ByteBuffer) -> Int? {
            let bytes = Array(buffer.readableBytesView)
            guard let headEnd = bytes.indices.dropLast(3).first(where: { bytes[$0...$0 + 3].elementsEqual([13, 10, 13, 10]) }) else { return nil }
            let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                guard line.hasPrefix("content-length:") else { return nil }
                return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }.first ?? 0
            let total = headEnd + 4 + length
            return bytes.count >= total ? total : nil
        }
    }
}
