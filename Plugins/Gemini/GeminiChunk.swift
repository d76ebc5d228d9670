/// One streamed GenerateContentResponse (the JSON of one SSE event), reduced to what we use.
struct GeminiChunk: Decodable {
    var candidates: [Candidate]?
    var usageMetadata: UsageMetadata?
    var promptFeedback: PromptFeedback?
    var error: GeminiError.Body?

    struct Candidate: Decodable {
        var content: Content?
        var finishReason: String?
    }

    struct Content: Decodable {
        var parts: [Part]?
    }

    struct Part: Decodable {
        var text: String?
        var thought: Bool?
        var functionCall: FunctionCall?
    }

    struct FunctionCall: Decodable {
        var id: String?
        var name: String
        var args: JSONValue?
    }

    struct UsageMetadata: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        var cachedContentTokenCount: Int?
        var thoughtsTokenCount: Int?
    }

    struct PromptFeedback: Decodable {
        var blockReason: String?
    }

    /// foundry's FINISH reason for a Gemini finishReason.
    static func finishReason(_ reason: String, madeToolCalls: Bool) -> String {
        switch reason {
        case "STOP": return madeToolCalls ? "tool_calls" : "stop"
        case "MAX_TOKENS": return "length"
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY": return "content_filter"
        default: return "other"
        }
    }
}
