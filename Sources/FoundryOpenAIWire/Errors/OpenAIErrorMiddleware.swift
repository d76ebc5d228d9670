import HTTPTypes
import Hummingbird

/// Answers what the router itself refuses (an unknown path, a method the path does not take, a
/// body over the limit) in OpenAI's error shape instead of an empty body, so SDK clients show
/// the reason.
package struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let (message, code): (String, String) = switch error.status {
            case .notFound: ("no route for \(request.method) \(request.uri.path) on this server", "not_found")
            case .methodNotAllowed: ("\(request.uri.path) does not take \(request.method)", "method_not_allowed")
            case .contentTooLarge: ("the request body is too large", "request_too_large")
            default: (error.body ?? error.status.reasonPhrase, "bad_request")
            }
            let type = error.status.code < 500 ? "invalid_request_error" : "server_error"
            return OpenAIErrorBody.response(message, type: type, code: code, status: error.status)
        }
    }
}
