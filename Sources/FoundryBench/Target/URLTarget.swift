import Foundation
import FoundryCore
import FoundryOpenAIWire
import NIOCore
import NIOHTTP1
import NIOPosix

/// Any OpenAI-compatible chat completions endpoint (`--url`), over bench's own lean HTTP/1.1
/// client: a keep-alive connection per request in flight, instants stamped on the event loop.
public struct URLTarget: BenchTarget {
    public struct Options: Sendable {
        public var model: String?
        public var stream = true
        public var ignoreEOS = false
        public var temperature: Double?
        /// The bearer key (from the environment variable named by --api-key-env).
        public var apiKey: String?
        public var catalogEntry: CatalogEntry?

        public init(model: String? = nil, stream: Bool = true, ignoreEOS: Bool = false, temperature: Double? = nil,
                    apiKey: String? = nil, catalogEntry: CatalogEntry? = nil) {
            self.model = model
            self.stream = stream
            self.ignoreEOS = ignoreEOS
            self.temperature = temperature
            self.apiKey = apiKey
            self.catalogEntry = catalogEntry
        }
    }

    public let endpoint: EndpointURL
    public let options: Options
    private let pool: ConnectionPool
    private let reader: ChatResponseReader
    private let parser: BackgroundParser

    public init(endpoint: EndpointURL, options: Options, threads: Int = 2) throws {
        self.endpoint = endpoint
        self.options = options
        pool = try ConnectionPool(endpoint: endpoint, threads: threads)
        reader = ChatResponseReader(provider: endpoint.hostHeader, model: options.model)
        parser = BackgroundParser(threads: threads)
    }

    public var name: String { endpoint.description }
    public var catalogEntry: CatalogEntry? { options.catalogEntry }

    public func send(_ prompt: BenchPrompt) async -> RequestTiming {
        let body = ByteBuffer(data: Self.body(prompt, options: options))
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: endpoint.path)
        head.headers.add(name: "host", value: endpoint.hostHeader)
        head.headers.add(name: "content-type", value: "application/json")
        head.headers.add(name: "accept", value: options.stream ? "text/event-stream" : "application/json")
        head.headers.add(name: "user-agent", value: "foundry-bench/\(FoundryVersion.current)")
        head.headers.add(name: "content-length", value: String(body.readableBytes))
        if let key = options.apiKey { head.headers.add(name: "authorization", value: "Bearer \(key)") }
        do {
            let raw = try await pool.send(head: head, body: body)
            let reader = self.reader
            return await parser.run { reader.read(raw) }
        } catch {
            let now = ContinuousClock.now
            return RequestTiming(sent: now, finished: now, error: classify(error))
        }
    }

    public func shutdown() async { await pool.shutdown() }

    /// Ends requests in flight now.
    public func abort() { pool.abort() }

    func classify(_ error: any Error) -> ProviderError {
        let provider = endpoint.hostHeader, model = options.model
        switch error {
        case ConnectionFailure.closed(let afterHead):
            return afterHead ? .streamCut(provider: provider, model: model, detail: "the server closed the connection mid-response")
                : .network(provider: provider, model: model, detail: "the server closed the connection without answering")
        case ConnectionFailure.silent(let t):
            return .timeout(provider: provider, model: model, detail: "no data for \(t.nanoseconds / 1_000_000_000) s")
        case let e as NIOConnectionError:
            let reasons = e.connectionErrors.map { ($0.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\($0.error)" }
            if let dns = e.dnsAError ?? e.dnsAAAAError, reasons.isEmpty {
                return .network(provider: provider, model: model, detail: "cannot resolve '\(endpoint.host)': \(dns)")
            }
            return .network(provider: provider, model: model, detail: Set(reasons).sorted().joined(separator: "; ").lowercased())
        case let e as ChannelError:
            switch e {
            case .connectTimeout: return .timeout(provider: provider, model: model, detail: "no connection within \(pool.connectTimeout.nanoseconds / 1_000_000_000) s")
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .eof: return .cancelled(provider: provider, model: model)
            default: return .network(provider: provider, model: model, detail: "\(e)")
            }
        default:
            // Cancellation, TLS failures and the rest, as every provider call classifies them.
            return HTTPTransport.classify(error, provider: provider, model: model, timeouts: .default)
        }
    }

    /// The chat completions request body, written as the providers write theirs.
    static func body(_ prompt: BenchPrompt, options: Options) -> Data {
        let request = ChatRequest(messages: prompt.messages, temperature: options.temperature, maxTokens: prompt.maxTokens)
        var body = ChatRequestBody.json(request, model: options.model, stream: options.stream)
        if options.ignoreEOS, case .object(var o) = body {
            o["ignore_eos"] = .bool(true)
            body = .object(o)
        }
        return Data(body.jsonBytes)
    }
}
