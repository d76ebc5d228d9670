import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One plain-HTTP/1.1 request and its streamed response over a connection of the caller's event
/// loop (`LoopConnectionPool`). Everything happens on that loop, callbacks included.
///
/// A kept connection can turn out to have been closed by the server while it sat idle; a request
/// whose reused connection fails before any byte of the response is sent once more on a new
/// connection. Failures are reported as the `HTTPClientError`s AsyncHTTPClient would give, so
/// `HTTPTransport.classify` words them the same way.
final class LoopHTTPExchange: LoopExchangeReceiver {
    /// Where a plain-HTTP URL points.
    struct Target {
        let endpoint: LoopConnectionPool.Endpoint
        /// Path and query, as sent in the request line.
        let uri: String
        /// The Host header's value.
        let host: String

        /// nil for anything but a well-formed `http://` URL (https goes through AsyncHTTPClient).
        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let path = rest.dropFirst(authority.count).prefix { $0 != "#" }
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            var hostPart = Substring(authority), port = 80
            if authority.hasPrefix("[") {  // [IPv6]:port
                guard let close = authority.firstIndex(of: "]") else { return nil }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.first == ":", let p = Int(after.dropFirst()), (1...65535).contains(p) else { return nil }
                    port = p
                }
            } else if let colon = authority.lastIndex(of: ":") {
                guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { return nil }
                hostPart = authority[..<colon]
                port = p
            }
            guard !hostPart.isEmpty else { return nil }
            endpoint = .init(host: String(hostPart), port: port)
            uri = path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path))
            host = String(authority)
        }
    }

    private let loop: any EventLoop
    private let target: Target
    private let head: HTTPRequestHead
    private let body: ByteBuffer
    private let connectTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let onPart: (HTTPClientResponsePart) -> Void
    private let onError: (any Error) -> Void
    private var connection: LoopConnection?
    private var reused = false
    private var responded = false
    private var keepAlive = true
    private var over = false
    private var lastRead = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?

    init(target: Target, headers: HTTPHeaders, body: ByteBuffer, loop: any EventLoop, connectTimeout: TimeAmount, idleTimeout: TimeAmount,
         onPart: @escaping (HTTPClientResponsePart) -> Void, onError: @escaping (any Error) -> Void) {
        var headers = headers
        headers.replaceOrAdd(name: "host", value: target.host)
        headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        self.head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.uri, headers: headers)
        self.target = target
        self.body = body
        self.loop = loop
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.onPart = onPart
        self.onError = onError
    }

    /// Sends the request (the caller is on `loop`).
    func start() {
        loop.preconditionInEventLoop()
        if let connection = LoopConnectionPool.current(on: loop).reuse(target.endpoint) {
            attach(connection, reused: true)
        } else {
            connectAndSend()
        }
    }

    private func connectAndSend() {
        LoopConnectionPool.current(on: loop).connect(target.endpoint, timeout: connectTimeout) { result in
            switch result {
            case .success(let connection):
                guard !self.over else { return connection.close() }
                self.attach(connection, reused: false)
            case .failure(ChannelError.connectTimeout):
                self.fail(HTTPClientError.connectTimeout)
            case .failure(let error):
                self.fail(error)
            }
        }
    }

    private func attach(_ connection: LoopConnection, reused: Bool) {
        self.connection = connection
        self.reused = reused
        connection.receiver = self
        connection.send(head, body: body)
    }

    func received(_ part: HTTPClientResponsePart) {
        guard !over else { return }
        responded = true
        lastRead = .now()
        switch part {
        case .head(let response):
            keepAlive = response.isKeepAlive
            watchIdle(after: idleTimeout)
        case .body:
            break
        case .end:
            over = true
            stopWatching()
            let connection = self.connection
            self.connection = nil
            if keepAlive { connection?.release() } else { connection?.close() }
        }
        onPart(part)
    }

    func connectionLost(_ error: any Error) {
        connection = nil
        guard !over else { return }
        if reused && !responded {
            reused = false
            return connectAndSend()
        }
        fail(HTTPClientError.remoteConnectionClosed)
    }

    /// Stops the exchange; nothing more is reported. A connection in the middle of a response
    /// cannot be reused, so it is closed.
    func cancel() {
        over = true
        stopWatching()
        connection?.close()
        connection = nil
    }

    private func fail(_ error: any Error) {
        guard !over else { return }
        cancel()
        onError(error)
    }

    /// Fails the exchange when the response stays silent for `idleTimeout`: one timer, moved
    /// on only when it fires, rather than one per piece of the body.
    private func watchIdle(after delay: TimeAmount) {
        idleTimer = loop.assumeIsolated().scheduleTask(in: delay) {
            let silent = NIODeadline.now() - self.lastRead
            if silent >= self.idleTimeout {
                self.fail(HTTPClientError.readTimeout)
            } else {
                self.watchIdle(after: self.idleTimeout - silent)
            }
        }
    }

    private func stopWatching() {
        idleTimer?.cancel()
        idleTimer = nil
    }
}
