import Foundation

/// The body of POST /v1beta/models/{model}:streamGenerateContent for a foundry request.
enum GeminiRequest {
    static func body(for request: HostRequest) -> JSONValue {
        var body: [String: JSONValue] = ["contents": .array(contents(request.messages))]
        let system = request.messages.filter { $0.role == "system" || $0.role == "developer" }
            .map(\.content).filter { !$0.isEmpty }
        if !system.isEmpty {
            body["systemInstruction"] = .object(["parts": .array(system.map { .object(["text": .string($0)]) })])
        }
        var config: [String: JSONValue] = [:]
        if let temperature = request.temperature { config["temperature"] = .double(temperature) }
        if let topP = request.topP { config["topP"] = .double(topP) }
        if let maxTokens = request.maxTokens { config["maxOutputTokens"] = .int(Int64(maxTokens)) }
        if let stop = request.stop, !stop.isEmpty { config["stopSequences"] = .array(stop.map { .string($0) }) }
        if request.responseFormat == "json" { config["responseMimeType"] = .string("application/json") }
        if !config.isEmpty { body["generationConfig"] = .object(config) }
        let declarations = (request.tools ?? []).compactMap(functionDeclaration)
        if !declarations.isEmpty {
            body["tools"] = .array([.object(["functionDeclarations": .array(declarations)])])
        }
        return .object(body)
    }

    /// user/assistant/tool messages as Gemini contents; consecutive turns of the same role
    /// are merged, since Gemini expects user and model turns to alternate.
    private static func contents(_ messages: [HostRequest.Message]) -> [JSONValue] {
        var turns: [(role: String, parts: [JSONValue])] = []
        var callNames: [String: String] = [:]  // tool call id -> function name
        for message in messages {
            let role: String
            var parts: [JSONValue] = []
            switch message.role {
            case "system", "developer":
                continue
            case "assistant", "model":
                role = "model"
                if !message.content.isEmpty { parts.append(.object(["text": .string(message.content)])) }
                for call in message.toolCalls ?? [] {
                    let function = call["function"] ?? call
                    guard let name = function["name"]?.stringValue else { continue }
                    if let id = call["id"]?.stringValue { callNames[id] = name }
                    let call: JSONValue = .object(["name": .string(name), "args": arguments(function["arguments"])])
                    parts.append(.object(["functionCall": call]))
                }
            case "tool", "function":
                role = "user"
                let name = message.name ?? message.toolCallID.flatMap { callNames[$0] } ?? "tool"
                let result: JSONValue
                if let parsed = JSONValue.parse(message.content), case .object = parsed {
                    result = parsed
                } else {
                    result = .object(["result": JSONValue.parse(message.content) ?? .string(message.content)])
                }
                parts.append(.object(["functionResponse": .object(["name": .string(name), "response": result])]))
            default:
                role = "user"
                parts.append(.object(["text": .string(message.content)]))
            }
            if parts.isEmpty { continue }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].parts += parts
            } else {
                turns.append((role, parts))
            }
        }
        return turns.map { .object(["role": .string($0.role), "parts": .array($0.parts)]) }
    }

    /// Tool-call arguments as an object; foundry may hold them as a JSON string.
    private static func arguments(_ value: JSONValue?) -> JSONValue {
        switch value {
        case .object(let members)?:
            return .object(members)
        case .string(let text)?:
            if let parsed = JSONValue.parse(text), case .object = parsed { return parsed }
            return .object([:])
        default:
            return .object([:])
        }
    }

    /// {"name","description","parameters"} or OpenAI's {"type":"function","function":{...}}.
    private static func functionDeclaration(_ tool: JSONValue) -> JSONValue? {
        let function = tool["function"] ?? tool
        guard let name = function["name"]?.stringValue else { return nil }
        var declaration: [String: JSONValue] = ["name": .string(name)]
        if let description = function["description"]?.stringValue { declaration["description"] = .string(description) }
        if let parameters = function["parameters"], parameters != .null {
            declaration["parameters"] = schema(parameters)
        }
        return .object(declaration)
    }

    /// Gemini's `parameters` takes an OpenAPI subset of JSON Schema and rejects some keywords.
    private static func schema(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, member) in members where key != "$schema" && key != "additionalProperties" {
                if key == "properties", case .object(let properties) = member {
                    kept[key] = .object(properties.mapValues(schema))  // names are data, not keywords
                } else {
                    kept[key] = schema(member)
                }
            }
            return .object(kept)
        case .array(let items):
            return .array(items.map(schema))
        default:
            return value
        }
    }
}
