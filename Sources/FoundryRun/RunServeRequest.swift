import Foundation
import FoundryCore
import FoundryLM
import FoundryOpenAIWire

/// A `/v1/chat/completions` or `/v1/completions` request as `run serve` takes it: parsed and
/// checked by FoundryOpenAIWire (as `route serve` does), then turned into a prompt and sampling
/// options. Tools and response formats are accepted and not used: the chat formats here carry
/// no tool definitions and sampling is not constrained.
struct RunServeRequest: Sendable {
    var messages: [FoundryLM.ChatMessage]?
    var prompt: String?
    var maxTokens: Int?
    var stream = false
    var includeUsage = false
    var stop: [String] = []
    var sampling = SamplingOptions()

    static func parse(_ data: Data, chat: Bool) throws -> RunServeRequest {
        var r = RunServeRequest()
        let fields: GenerationFields
        if chat {
            let request = try ChatCompletionsRequest.parse(data)
            r.messages = request.messages.map { FoundryLM.ChatMessage(role: $0.role.templateRole, content: $0.content) }
            fields = request.generation
        } else {
            let request = try CompletionsRequest.parse(data)
            r.prompt = request.prompt
            fields = request.generation
        }
        r.maxTokens = fields.maxTokens
        r.stream = fields.stream
        r.includeUsage = fields.includeUsage
        r.stop = fields.stop
        // OpenAI's defaults for temperature and top_p; llama.cpp's for top_k (off) and min_p.
        r.sampling.temperature = Float(fields.temperature ?? 1.0)
        r.sampling.topP = Float(fields.topP ?? 1.0)
        r.sampling.topK = fields.topK ?? 0
        r.sampling.minP = Float(fields.minP ?? 0.05)
        r.sampling.seed = fields.seed.map { UInt64(bitPattern: Int64($0)) } ?? UInt64.random(in: 0...UInt64.max)
        return r
    }
}
