import Foundation

/// foundry's request JSON, as passed to chat_stream (see foundry_plugin.h).
struct HostRequest: Decodable {
    var model: String
    var messages: [Message]
    var temperature: Double?
    var topP: Double?
    var maxTokens: Int?
    var stop: [String]?
    var tools: [JSONValue]?
    var responseFormat: String?
    var endpoint: Endpoint?

    struct Endpoint: Decodable {
        var baseURL: String?
        var apiKey: String?
        var connectTimeoutMs: Int?
        var firstByteTimeoutMs: Int?

        enum CodingKeys: String, CodingKey {
            case baseURL = "base_url", apiKey = "api_key"
            case connectTimeoutMs = "connect_timeout_ms", firstByteTimeoutMs = "first_byte_timeout_ms"
        }
    }

    struct Message: Decodable {
        var role: String
        /// Plain text: a string, or the text parts of a content array joined.
        var content: String
        var name: String?
        var toolCallID: String?
        var toolCalls: [JSONValue]?

        enum CodingKeys: String, CodingKey {
            case role, content, name
            case toolCallID = "tool_call_id", toolCalls = "tool_calls"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decodeIfPresent(String.self, forKey: .role) ?? "user"
            name = try container.decodeIfPresent(String.self, forKey: .name)
            toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
            toolCalls = try container.decodeIfPresent([JSONValue].self, forKey: .toolCalls)
            switch try container.decodeIfPresent(JSONValue.self, forKey: .content) ?? .null {
            case .string(let text):
                content = text
            case .array(let parts):
                content = parts.compactMap { $0.stringValue ?? $0["text"]?.stringValue }.joined()
            default:
                content = ""
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stop, tools, endpoint
        case topP = "top_p", maxTokens = "max_tokens", responseFormat = "response_format"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([Message].self, forKey: .messages)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        if let one = try? container.decodeIfPresent(String.self, forKey: .stop) {
            stop = [one]
        } else {
            stop = try container.decodeIfPresent([String].self, forKey: .stop)
        }
        tools = try container.decodeIfPresent([JSONValue].self, forKey: .tools)
        responseFormat = try container.decodeIfPresent(String.self, forKey: .responseFormat)
        endpoint = try container.decodeIfPresent(Endpoint.self, forKey: .endpoint)
    }

    /// Decodes the request; the error text says what is wrong, without echoing the request.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<HostRequest, RequestError> {
        do {
            return .success(try JSONDecoder().decode(HostRequest.self, from: Data(bytes)))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(RequestError(message: "the request has no \"\(key.stringValue)\""))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(RequestError(message: "the request's \"\(path)\" has the wrong type"))
        } catch {
            return .failure(RequestError(message: "the request is not valid JSON"))
        }
    }

    struct RequestError: Error { let message: String }
}
