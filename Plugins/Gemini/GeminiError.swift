import CCurl
import Foundation

/// Gemini's error replies: {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED",
/// "details":[…]}} (sometimes wrapped in a one-element array), mapped to foundry ERROR events.
enum GeminiError {
    struct Body: Decodable {
        var code: Int?
        var message: String?
        var status: String?
        var details: [JSONValue]?
    }

    private struct Envelope: Decodable { var error: Body }

    struct Event {
        var kind: String
        var message: String
        var status: Int?
        var retryAfterMs: Int?
    }

    static func parse(_ bytes: [UInt8]) -> Body? {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(Envelope.self, from: data) { return envelope.error }
        return try? decoder.decode([Envelope].self, from: data).first?.error
    }

    /// The ERROR for an HTTP failure status with its body and Retry-After header.
    static func event(httpStatus: Int, body: [UInt8], retryAfterHeaderMs: Int?) -> Event {
        let error = parse(body)
        var text = error?.message ?? ""
        if text.isEmpty {
            let raw = String(decoding: body.prefix(200), as: UTF8.self)
            text = raw.isEmpty || raw.hasPrefix("<") ? "HTTP \(httpStatus)" : raw
        }
        if let status = error?.status { text += " (\(status))" }
        var kind = kind(httpStatus: httpStatus)
        if let error, isInvalidKey(error) { kind = "auth" }
        if kind == "auth" { text += "; check GEMINI_API_KEY (or the endpoint's api_key)" }
        var retry: Int? = nil
        if httpStatus == 429 || httpStatus >= 500 { retry = retryAfterHeaderMs ?? error.flatMap(retryDelayMs) }
        return Event(kind: kind, message: "gemini: " + text, status: httpStatus, retryAfterMs: retry)
    }

    /// An error object that arrives inside the stream.
    static func event(streamed error: Body) -> Event {
        let code = error.code ?? 500
        var kind = kind(httpStatus: code)
        if isInvalidKey(error) { kind = "auth" }
        var text = "gemini: " + (error.message ?? "error in stream")
        if let status = error.status { text += " (\(status))" }
        return Event(kind: kind, message: text, status: error.code, retryAfterMs: retryDelayMs(error))
    }

    static func kind(httpStatus: Int) -> String {
        switch httpStatus {
        case 401, 403: return "auth"
        case 404: return "not_found"
        case 408: return "timeout"
        case 429: return "rate_limited"
        case 500...: return "server"
        default: return "bad_request"
        }
    }

    /// A bad key comes back as 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
    private static func isInvalidKey(_ error: Body) -> Bool {
        (error.details ?? []).contains { $0["reason"]?.stringValue == "API_KEY_INVALID" }
    }

    /// google.rpc.RetryInfo's retryDelay, e.g. "17s" or "0.5s", in milliseconds.
    private static func retryDelayMs(_ error: Body) -> Int? {
        for detail in error.details ?? [] {
            guard let delay = detail["retryDelay"]?.stringValue, delay.hasSuffix("s"),
                  let seconds = Double(delay.dropLast()), seconds >= 0 else { continue }
            return Int((seconds * 1000).rounded())
        }
        return nil
    }

    /// Retry-After: delay-seconds or an HTTP-date, in milliseconds.
    static func retryAfterMs(headerValue: String) -> Int? {
        let value = headerValue.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(value), seconds >= 0, seconds < 1e7 { return Int((seconds * 1000).rounded()) }
        let when = curl_getdate(value, nil)
        guard when != -1 else { return nil }
        return max(0, (when - time(nil)) * 1000)
    }
}
