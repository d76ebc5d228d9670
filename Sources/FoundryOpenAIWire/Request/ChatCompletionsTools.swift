import FoundryCore

extension ToolDefinition {
    /// `tools`: function tools, each with a name; `parameters` (a JSON Schema) defaults to an
    /// empty object.
    static func parseList(_ body: RequestFields) throws -> [ToolDefinition] {
        guard let list = try body.array("tools", wanted: "an array of tools") else { return [] }
        return try list.enumerated().map { k, value in
            let path = "tools[\(k)]"
            guard case .object(let o) = value else { throw RequestFields.invalid("\(path) must be a tool object, not \(RequestFields.shown(value))") }
            let tool = RequestFields(o, path: path)
            if let type = try tool.string("type"), type != "function" {
                throw RequestFields.invalid("\(path).type \(RequestFields.shown(.string(type))) is not function")
            }
            guard let function = try tool.object("function", wanted: "an object with a name") else {
                throw RequestFields.invalid("\(path).function is missing")
            }
            guard let name = try function.string("name"), !name.isEmpty else { throw RequestFields.invalid("\(path).function.name is missing") }
            let parameters = try function.object("parameters", wanted: "a JSON Schema object")?.members ?? [:]
            return ToolDefinition(name: name, description: try function.string("description"), parameters: .object(parameters))
        }
    }
}

/// `response_format`: text, any JSON object, or JSON matching a schema.
package enum ResponseFormatField: Sendable, Equatable {
    case text, jsonObject
    /// `json_schema.schema` (an empty object when the client gave none).
    case jsonSchema(JSONValue)

    init(_ body: RequestFields) throws {
        guard let format = try body.object("response_format", wanted: "an object with a type") else {
            self = .text
            return
        }
        switch try format.string("type") {
        case "text"?: self = .text
        case "json_object"?: self = .jsonObject
        case "json_schema"?:
            guard let schema = try format.object("json_schema", wanted: "an object with a name and a schema") else {
                throw RequestFields.invalid("response_format.json_schema is missing")
            }
            self = .jsonSchema(.object(try schema.object("schema", wanted: "a JSON Schema object")?.members ?? [:]))
        case let other?: throw RequestFields.invalid("response_format.type \(RequestFields.shown(.string(other))) is not text, json_object or json_schema")
        case nil: throw RequestFields.invalid("response_format.type is missing")
        }
    }
}
