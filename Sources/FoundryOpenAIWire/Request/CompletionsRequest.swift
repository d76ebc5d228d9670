import Foundation
import FoundryCore

/// A `/v1/completions` request body (`run serve`): one prompt and the fields chat shares.
package struct CompletionsRequest: Sendable, Equatable {
    package var prompt: String
    package var generation: GenerationFields

    package init(prompt: String, generation: GenerationFields = GenerationFields()) {
        self.prompt = prompt
        self.generation = generation
    }

    /// `prompt` is a string, or an array holding one string.
    package static func parse(_ data: Data) throws -> CompletionsRequest {
        let body = try RequestFields.body(data)
        let prompt: String
        switch body["prompt"] {
        case .string(let s)?: prompt = s
        case .array(let list)? where list.count == 1 && list[0].stringValue != nil: prompt = list[0].stringValue!
        case nil: throw RequestFields.invalid("prompt is missing")
        case let other?: throw RequestFields.invalid("prompt must be a string (or an array of one string), not \(RequestFields.shown(other))")
        }
        return CompletionsRequest(prompt: prompt, generation: try GenerationFields(body))
    }
}
