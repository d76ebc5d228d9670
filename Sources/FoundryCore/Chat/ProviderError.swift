import Foundation

/// A provider call that failed, typed so routing can decide to retry or fall back, and phrased
/// as one line for people. Never contains a key.
public struct ProviderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure; its raw value is the stable code (`code`).
    public enum Kind: String, Sendable, CaseIterable {
        case auth, notFound = "not_found", rateLimited = "rate_limited", server, timeout, network, tls
        case malformed = "protocol", badRequest = "bad_request", streamCut = "stream_cut", cancelled
    }

    public let kind: Kind
    public let provider: String
    public let model: String?
    /// HTTP status, when the failure was an HTTP response.
    public let status: Int?
    /// How long the provider asked us to wait (Retry-After), if it said.
    public let retryAfter: Duration?
    /// The provider's own words (redacted), or ours.
    public let detail: String
    /// The environment variable (or config key) that holds this provider's key, for auth errors.
    public let keyVariable: String?

    private init(_ kind: Kind, provider: String, model: String?, status: Int? = nil, retryAfter: Duration? = nil, detail: String, keyVariable: String? = nil) {
        self.kind = kind
        self.provider = provider
        self.model = model
        self.status = status
        self.retryAfter = retryAfter
        self.detail = Redactor.shared.redact(detail).replacingOccurrences(of: "\n", with: " ")
        self.keyVariable = keyVariable
    }

    /// The stable name of the kind of failure, as logged and in JSON.
    public var code: String { kind.rawValue }

    /// True when another attempt or another model may succeed (before the first token).
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .server, .timeout, .network, .streamCut: true
        case .auth, .notFound, .tls, .malformed, .badRequest, .cancelled: false
        }
    }

    public var isCancellation: Bool { kind == .cancelled }

    public var description: String {
        var where_ = provider
        if let model { where_ += " model '\(model)'" }
        let what: String
        switch kind {
        case .auth:
            what = "authentication failed (HTTP \(status ?? 401))"
                + (keyVariable.map { ": check \($0)" } ?? "")
        case .notFound: what = "not found (HTTP \(status ?? 404)): the model or deployment is unknown to the provider"
        case .rateLimited:
            what = "rate limited (HTTP \(status ?? 429))" + (retryAfter.map { ", retry after \(Self.format($0))" } ?? "")
        case .server: what = "server error (HTTP \(status ?? 500))"
        case .timeout: what = "timed out"
        case .network: what = "network failure"
        case .tls: what = "TLS failure"
        case .malformed: what = "malformed response"
        case .badRequest: what = "request rejected (HTTP \(status ?? 400))"
        case .streamCut: what = "stream ended early"
        case .cancelled: what = "cancelled"
        }
        return detail.isEmpty ? "\(where_): \(what)" : "\(where_): \(what): \(detail)"
    }

    private static func format(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }

    // MARK: constructors

    public static func http(status: Int, provider: String, model: String?, detail: String, retryAfter: Duration? = nil, keyVariable: String? = nil) -> ProviderError {
        let kind: Kind
        switch status {
        case 401, 403: kind = .auth
        case 404: kind = .notFound
        case 408: kind = .timeout
        case 429: kind = .rateLimited
        case 500...599: kind = .server
        default: kind = .badRequest
        }
        return ProviderError(kind, provider: provider, model: model, status: status, retryAfter: retryAfter, detail: detail, keyVariable: keyVariable)
    }

    public static func auth(provider: String, model: String?, detail: String, keyVariable: String?) -> ProviderError {
        ProviderError(.auth, provider: provider, model: model, detail: detail, keyVariable: keyVariable)
    }
    public static func timeout(provider: String, model: String?, detail: String) -> ProviderError {
        ProviderError(.timeout, provider: provider, model: model, detail: detail)
    }
    public static func network(provider: String, model: String?, detail: String) -> ProviderError {
        ProviderError(.network, provider: provider, model: model, detail: detail)
    }
    public static func tls(provider: String, model: String?, detail: String) -> ProviderError {
        ProviderError(.tls, provider: provider, model: model, detail: detail)
    }
    public static func malformed(provider: String, model: String?, detail: String) -> ProviderError {
        ProviderError(.malformed, provider: provider, model: model, detail: detail)
    }
    public static func streamCut(provider: String, model: String?, detail: String) -> ProviderError {
        ProviderError(.streamCut, provider: provider, model: model, detail: detail)
    }
    public static func cancelled(provider: String, model: String?) -> ProviderError {
        ProviderError(.cancelled, provider: provider, model: model, detail: "")
    }

    /// Rebuilds an error from its stable code (used for plugin ERROR events).
    public static func from(code: String, provider: String, model: String?, status: Int?, retryAfter: Duration?, detail: String, keyVariable: String?) -> ProviderError {
        if let status, code != "timeout", code != "network" {
            return .http(status: status, provider: provider, model: model, detail: detail, retryAfter: retryAfter, keyVariable: keyVariable)
        }
        let kind = Kind(rawValue: code) ?? .malformed
        return ProviderError(kind, provider: provider, model: model, status: status, retryAfter: retryAfter, detail: detail, keyVariable: kind == .auth ? keyVariable : nil)
    }
}
