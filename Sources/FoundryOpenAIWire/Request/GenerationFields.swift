import FoundryCore

/// The fields `/v1/chat/completions` and `/v1/completions` share: how much to generate, how to
/// sample, where to stop and whether to stream. Nil means the client left the field out (or sent
/// null); each server applies its own default.
package struct GenerationFields: Sendable, Equatable {
    /// `max_completion_tokens`, or the older `max_tokens` when it is absent: 0 or more.
    package var maxTokens: Int?
    /// 0 to 2.
    package var temperature: Double?
    /// Above 0, at most 1.
    package var topP: Double?
    /// llama.cpp's extra sampling fields: `top_k` 0 or more (0: all tokens), `min_p` from 0 to below 1.
    package var topK: Int?
    package var minP: Double?
    package var seed: Int?
    /// `stop`: one string or an array of strings.
    package var stop: [String] = []
    package var stream = false
    /// `stream_options.include_usage`: a last chunk with the usage before `[DONE]`.
    package var includeUsage = false

    package init() {}

    /// Reads and checks the shared fields of a request body.
    init(_ body: RequestFields) throws {
        let maxCompletion = try body.integer("max_completion_tokens", minimum: 0, wanted: "a non-negative integer")
        let max = try body.integer("max_tokens", minimum: 0, wanted: "a non-negative integer")
        maxTokens = maxCompletion ?? max
        temperature = try body.number("temperature", wanted: "a number from 0 to 2") { (0...2).contains($0) }
        topP = try body.number("top_p", wanted: "a number above 0 and at most 1") { $0 > 0 && $0 <= 1 }
        topK = try body.integer("top_k", minimum: 0, wanted: "a non-negative integer")
        minP = try body.number("min_p", wanted: "a number from 0 to below 1") { $0 >= 0 && $0 < 1 }
        seed = try body.integer("seed", wanted: "an integer")
        if let n = try body.integer("n", wanted: "1"), n != 1 {
            throw RequestFields.invalid("n must be 1, not \(n): foundry answers with one choice per request")
        }
        stop = try Self.stop(body)
        stream = try body.bool("stream") ?? false
        includeUsage = try body.object("stream_options")?.bool("include_usage") ?? false
    }

    private static func stop(_ body: RequestFields) throws -> [String] {
        switch body["stop"] {
        case nil: return []
        case .string(let s)?: return [s]
        case .array(let list)?:
            return try list.enumerated().map { i, item in
                guard case .string(let s) = item else { throw RequestFields.invalid("stop[\(i)] must be a string, not \(RequestFields.shown(item))") }
                return s
            }
        case let other?: throw RequestFields.invalid("stop must be a string or an array of strings, not \(RequestFields.shown(other))")
        }
    }
}
