import FoundryCore
import HTTPTypes
import Hummingbird

/// OpenAI's error body: `{"error": {"message", "type", "code"}}`.
package enum OpenAIErrorBody {
    package static func json(_ message: String, type: String, code: String?) -> String {
        var error: [String: JSONValue] = ["message": .string(message), "type": .string(type)]
        error["code"] = code.map { .string($0) } ?? .null
        return JSONValue.object(["error": .object(error)]).jsonString
    }

    /// A client's mistake as a 400-class answer: a usage error (a malformed or invalid request,
    /// its hint after a semicolon) or a 4xx the HTTP layer raised. Nil for anything else, which
    /// each server answers in its own way.
    package static func clientError(_ error: any Error) -> (status: HTTPResponse.Status, body: String)? {
        if let e = error as? FoundryError, e.exitCode == ExitStatus.usage {
            return (.badRequest, json(e.message + (e.hint.map { "; \($0)" } ?? ""), type: "invalid_request_error", code: "bad_request"))
        }
        if let e = error as? HTTPError, (400..<500).contains(e.status.code) {
            let code = e.status == .contentTooLarge ? "request_too_large" : "bad_request"
            return (e.status, json(e.body ?? e.status.reasonPhrase, type: "invalid_request_error", code: code))
        }
        return nil
    }

    package static func response(_ message: String, type: String, code: String?, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: json(message, type: type, code: code))))
    }
}
