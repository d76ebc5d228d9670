import Foundation

/// Where a call goes: the base URL, the API root, the model's path segment and timeouts.
enum GeminiEndpoint {
    static let defaultBaseURL = "https://generativelanguage.googleapis.com"
    static let defaultConnectMs = 10_000
    static let defaultFirstByteMs = 60_000

    static func baseURL(_ given: String?) -> String {
        var base = given.flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// {base}/v1beta, unless the base URL already names an API version.
    static func apiRoot(_ base: String) -> String {
        base.hasSuffix("/v1beta") || base.hasSuffix("/v1") ? base : base + "/v1beta"
    }

    /// "gemini-2.5-flash" from "gemini-2.5-flash", "gemini/gemini-2.5-flash" or "models/…",
    /// percent-encoded for the URL path.
    static func modelPath(_ model: String) -> String {
        var name = Substring(model)
        for prefix in ["gemini/", "models/"] where name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return String(name).addingPercentEncoding(withAllowedCharacters: allowed) ?? String(name)
    }

    static func positive(_ value: Int?) -> Int? {
        guard let value, value > 0 else { return nil }
        return value
    }
}
