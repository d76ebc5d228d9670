import Foundation
import FoundryCore
import HTTPTypes
import Hummingbird

/// `x-foundry-overhead-ms`: the time a response spent in foundry, not waiting for an upstream.
/// Chat answers set it themselves (their time less the upstream's, up to the first token for a
/// stream); every other response, refusals included, gets its whole time here.
enum ServeOverhead {
    static let header = HTTPField.Name("x-foundry-overhead-ms")!

    static func value(_ milliseconds: Double) -> String { String(format: "%.3f", max(0, milliseconds)) }
}

struct ServeOverheadMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = Stopwatch()
        var response = try await next(request, context)
        if response.headers[ServeOverhead.header] == nil { response.headers[ServeOverhead.header] = ServeOverhead.value(clock.milliseconds) }
        return response
    }
}
