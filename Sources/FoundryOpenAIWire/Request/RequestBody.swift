import Foundation
import FoundryCore

extension RequestFields {
    /// A request body's top-level object: empty, malformed or non-object bodies are the
    /// client's mistake.
    static func body(_ data: Data) throws -> RequestFields {
        guard case .object(let o) = try JSONValue.parseRequestBody(data) else {
            throw invalid("the request body must be a JSON object")
        }
        return RequestFields(o)
    }
}
