import AsyncHTTPClient
import FoundryCore
import NIOCore
import NIOHTTP1

/// A chat call prepared for the wire: the HTTP request to send and the decoder for the
/// server-sent events that answer it. Built once by an HTTP provider and run either pulled in a
/// task (`stream`) or driven on an event loop (`EventLoopChatCall`, route serve's relay).
public struct WireChatCall: Sendable {
    let call: StreamingCall
    let url: String
    let headers: HTTPHeaders
    let body: [UInt8]
    let decoder: any ChatStreamDecoder

    /// A JSON POST with the given headers, marked with the relay hops of `request`.
    init(call: StreamingCall, url: String, body: JSONValue, headers extra: [(String, String)], request: ChatRequest,
         decoder: any ChatStreamDecoder) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "accept", value: "text/event-stream, application/json")
        headers.add(name: "user-agent", value: "foundry/\(FoundryVersion.current)")
        if !request.relayHops.isEmpty { headers.add(name: RelayHops.header, value: RelayHops.value(request.relayHops)) }
        if let traceparent = request.traceparent { headers.add(name: TraceParent.header, value: traceparent) }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        self.call = call
        self.url = url
        self.headers = headers
        self.body = body.jsonBytes
        self.decoder = decoder
    }

    /// The events, pulled in the consumer's task.
    public func stream() -> AsyncThrowingStream<ChatEvent, any Error> {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(ByteBuffer(bytes: body))
        return call.run(request, decoder: decoder)
    }
}

/// A provider whose calls are plain HTTP requests answered with server-sent events.
public protocol WireChatProvider: ChatProvider {
    func wireCall(_ request: ChatRequest, model entry: CatalogEntry) -> WireChatCall
}

extension WireChatProvider {
    public func stream(_ request: ChatRequest, model entry: CatalogEntry) -> AsyncThrowingStream<ChatEvent, any Error> {
        wireCall(request, model: entry).stream()
    }
}
