import Foundation
import FoundryCore

/// An OpenAI-compatible chat completions endpoint given by `--url`: a base URL ending in `/v1`
/// (as in config.toml), a bare host (`/v1/chat/completions` is added), or the full URL.
public struct EndpointURL: Sendable, Equatable {
    public let secure: Bool
    public let host: String
    public let port: Int
    /// Path and query of the chat completions resource.
    public let path: String

    public init(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw FoundryError.usage("--url '\(text)' is not an http:// or https:// URL", hint: "for example --url http://127.0.0.1:8000/v1")
        }
        secure = scheme == "https"
        self.host = host
        port = url.port ?? (secure ? 443 : 80)
        var path = url.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/v1" }
        if !path.hasSuffix("/chat/completions") { path += "/chat/completions" }
        if let query = url.query, !query.isEmpty { path += "?" + query }
        self.path = path
    }

    /// The Host header: the port only when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }

    public var description: String { "\(secure ? "https" : "http")://\(hostHeader)\(path)" }
}
