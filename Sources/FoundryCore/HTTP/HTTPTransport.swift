import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends provider requests over AsyncHTTPClient with foundry's timeouts, and turns transport
/// failures into `ProviderError`s. Clients live for the whole process.
public enum HTTPTransport {
    private static let clients = Mutex<[Timeouts: HTTPClient]>([:])

    public static func client(for timeouts: Timeouts) -> HTTPClient {
        clients.withLock { cache in
            if let existing = cache[timeouts] { return existing }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(
                connect: .milliseconds(timeouts.connect.milliseconds), read: .milliseconds(timeouts.idle.milliseconds))
            configuration.decompression = .enabled(limit: .ratio(50))
            configuration.httpVersion = .automatic
            // The default of 8 connections per host queues concurrent streams (route serve, bench).
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
            // A refused connection fails the attempt at once (the executor falls back or retries
            // by its own rules); the pool would otherwise retry it until the connect timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            cache[timeouts] = client
            return client
        }
    }

    /// Sends a request and returns once the response head arrived (the body streams after).
    public static func send(
        _ request: HTTPClientRequest, timeouts: Timeouts, provider: String, model: String?
    ) async throws(ProviderError) -> HTTPClientResponse {
        do {
            return try await client(for: timeouts).execute(
                request, deadline: .now() + .milliseconds(timeouts.firstByte.milliseconds))
        } catch {
            throw classify(error, provider: provider, model: model, timeouts: timeouts)
        }
    }

    /// Collects a (small) response body, e.g. an error document.
    public static func collect(_ response: HTTPClientResponse, limit: Int = 1 << 20) async -> Data {
        do {
            var buffer = try await response.body.collect(upTo: limit)
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            return Data()
        }
    }

    /// Maps a transport error to a one-line provider error.
    public static func classify(_ error: any Error, provider: String, model: String?, timeouts: Timeouts) -> ProviderError {
        if let e = error as? ProviderError { return e }
        if error is CancellationError { return .cancelled(provider: provider, model: model) }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout:
                return .timeout(provider: provider, model: model, detail: "no connection within \(timeouts.connect.milliseconds) ms")
            case .deadlineExceeded:
                return .timeout(provider: provider, model: model, detail: "no response within \(timeouts.firstByte.milliseconds) ms of sending")
            case .readTimeout:
                return .timeout(provider: provider, model: model, detail: "stream silent for \(timeouts.idle.milliseconds) ms")
            case .cancelled:
                return .cancelled(provider: provider, model: model)
            case .remoteConnectionClosed:
                return .streamCut(provider: provider, model: model, detail: "the server closed the connection")
            case .invalidURL, .emptyHost:
                return .malformed(provider: provider, model: model, detail: "invalid endpoint URL")
            default:
                break
            }
        }
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("certificate") || lowered.contains("handshake") {
            return .tls(provider: provider, model: model, detail: text)
        }
        if lowered.contains("connectionrefused") || lowered.contains("connection refused") || lowered.contains("econnrefused") {
            return .network(provider: provider, model: model, detail: "connection refused")
        }
        if lowered.contains("timeout") || lowered.contains("timed out") {
            return .timeout(provider: provider, model: model, detail: text)
        }
        return .network(provider: provider, model: model, detail: text)
    }

    /// The wait a 429/503 response asks for: `retry-after-ms`, or `Retry-After` in seconds or as
    /// an HTTP date.
    public static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let ms = headers.first(name: "retry-after-ms").flatMap(Double.init), ms >= 0 {
            return .milliseconds(Int64(ms))
        }
        guard let value = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) {
            return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
        }
        return nil
    }

    /// The human message inside a provider's error body, in any of the common shapes:
    /// `{"error":{"message":…}}`, `{"error":"…"}`, `{"message":…}`, `{"detail":…}`.
    public static func errorMessage(in body: Data) -> String {
        guard !body.isEmpty else { return "" }
        if let json = try? JSONDecoder().decode(JSONValue.self, from: body) {
            let candidates: [JSONValue?] = [
                json["error"]?["message"], json["error"], json["message"], json["detail"], json["error"]?["code"],
            ]
            for case let .string(text)? in candidates where !text.isEmpty { return oneLine(text) }
        }
        return oneLine(String(decoding: body.prefix(300), as: UTF8.self))
    }

    static func oneLine(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return collapsed.count > 300 ? String(collapsed.prefix(300)) + "…" : collapsed
    }
}
