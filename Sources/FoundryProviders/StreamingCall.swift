import AsyncHTTPClient
import Foundation
import FoundryCore
import NIOCore
import NIOHTTP1

/// The part every HTTP provider shares: send the request, turn an error status into a typed
/// error with the provider's own message, then hand the body to a wire-format decoder and
/// forward its events. Cancelling the consumer cancels the HTTP request.
struct StreamingCall: Sendable {
    let provider: String
    let model: String
    let timeouts: Timeouts
    let keyVariable: String?

    typealias Continuation = AsyncThrowingStream<ChatEvent, any Error>.Continuation

    func run(
        _ request: HTTPClientRequest,
        decode: @escaping @Sendable (HTTPClientResponse.Body, Continuation) async throws -> Void
    ) -> AsyncThrowingStream<ChatEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await HTTPTransport.send(request, timeouts: timeouts, provider: provider, model: model)
                    guard (200..<300).contains(Int(response.status.code)) else {
                        throw await statusError(response)
                    }
                    do {
                        try await decode(response.body, continuation)
                    } catch {
                        throw bodyError(error)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: HTTPTransport.classify(error, provider: provider, model: model, timeouts: timeouts))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func statusError(_ response: HTTPClientResponse) async -> ProviderError {
        let body = await HTTPTransport.collect(response)
        return .http(
            status: Int(response.status.code), provider: provider, model: model,
            detail: HTTPTransport.errorMessage(in: body), retryAfter: HTTPTransport.retryAfter(response.headers),
            keyVariable: keyVariable)
    }

    /// A failure while the body streams: once the response has started, a broken connection
    /// means the answer was cut short, whatever the transport calls it.
    func bodyError(_ error: any Error) -> ProviderError {
        let classified = HTTPTransport.classify(error, provider: provider, model: model, timeouts: timeouts)
        switch classified.code {
        case "network", "tls": return cut("the connection broke mid-stream (\(classified.detail))")
        default: return classified
        }
    }

    func malformed(_ detail: String) -> ProviderError { .malformed(provider: provider, model: model, detail: detail) }

    func cut(_ detail: String) -> ProviderError { .streamCut(provider: provider, model: model, detail: detail) }

    /// A JSON POST with the given headers.
    static func post(_ url: String, body: JSONValue, headers: [(String, String)]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "text/event-stream, application/json")
        request.headers.add(name: "user-agent", value: "foundry/\(FoundryVersion.current)")
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: JSONCoding.data(body)))
        return request
    }

    /// Joins a base URL and a path without doubling or dropping the slash.
    static func join(_ base: String, _ path: String) -> String {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        return b + (path.hasPrefix("/") ? path : "/" + path)
    }
}
