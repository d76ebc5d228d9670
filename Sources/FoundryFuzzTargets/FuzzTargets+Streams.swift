import FoundryCore
import FoundryProviders
import NIOCore
import NIOEmbedded
import NIOHTTP1

extension FuzzTargets {
    static let streams: [FuzzTarget] = [
        FuzzTarget("sse", "the server-sent events parser, bytes split at every length the first byte gives") { bytes in
            var parser = SSEParser()
            for piece in FuzzTargets.pieces(bytes.count, size: Int(bytes.first ?? 1)) {
                for event in parser.feed(UnsafeRawBufferPointer(rebasing: bytes[piece])) { blackHole(event.data.utf8.count) }
            }
        },
        FuzzTarget("openai-stream", "an OpenAI chat completions stream body (OpenAI, Azure OpenAI, vLLM, llama.cpp, run serve)", maxLength: 16384) { bytes in
            blackHole(RecordedStream.decodeBody(Array(bytes), format: .openAI, piece: 97).count)
        },
        FuzzTarget("anthropic-stream", "an Anthropic messages stream body", maxLength: 16384) { bytes in
            blackHole(RecordedStream.decodeBody(Array(bytes), format: .anthropic, piece: 97).count)
        },
        FuzzTarget("http1-response", "an upstream's HTTP/1.1 response to the relay's own connection: head, framing, body", maxLength: 16384) { bytes in
            blackHole(HTTPResponseReplay.decode(Array(bytes), piece: 61).count)
        },
    ]
}

/// A whole HTTP/1.1 response read the way the relay's own connections read it (NIO's client
/// handlers after a POST was sent), its body then decoded as an OpenAI stream when the status is 2xx.
enum HTTPResponseReplay {
    static func decode(_ bytes: [UInt8], piece: Int) -> [ChatEvent] {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/chat/completions")))
            try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        } catch {
            return []
        }
        var status = 0, body: [UInt8] = []
        for range in FuzzTargets.pieces(bytes.count, size: piece) {
            do { try channel.writeInbound(ByteBuffer(bytes: bytes[range])) } catch {
                return []  // a malformed response: the relay's connection fails the same way
            }
            while let part = try? channel.readInbound(as: HTTPClientResponsePart.self) {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(let buffer): body += buffer.readableBytesView
                case .end: break
                }
            }
        }
        guard (200..<300).contains(status) else { return [] }
        return RecordedStream.decodeBody(body, format: .openAI, piece: piece)
    }
}
