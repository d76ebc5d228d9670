import FoundryCore

/// One message of a chat completions request.
package struct ChatCompletionsMessage: Sendable, Equatable {
    /// OpenAI's roles. `developer` (OpenAI's newer name for system instructions) stays distinct
    /// so each server decides: route sends it on as system, run's chat template writes it as
    /// system.
    package enum Role: String, Sendable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    package var role: Role
    /// The text: a string, or the text parts of an array joined.
    package var content: String
    /// An assistant message's tool calls.
    package var toolCalls: [ToolCall]
    /// A tool message's answer is to the call with this id.
    package var toolCallID: String?

    package init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    init(parsing value: JSONValue, at path: String) throws {
        guard case .object(let o) = value else {
            throw RequestFields.invalid("\(path) must be a message object with a role and content, not \(RequestFields.shown(value))")
        }
        let fields = RequestFields(o, path: path)
        guard let name = try fields.string("role") else { throw RequestFields.invalid("\(path).role is missing") }
        guard let role = Role(rawValue: name) else {
            throw RequestFields.invalid("\(path).role \(RequestFields.shown(.string(name))) is not system, developer, user, assistant or tool")
        }
        self.role = role
        content = try Self.content(fields)
        toolCalls = try Self.toolCalls(fields, role: role)
        toolCallID = try fields.string("tool_call_id")
        if role == .tool, toolCallID == nil {
            throw RequestFields.invalid("\(path).tool_call_id is missing: a tool message answers the tool call with that id")
        }
    }

    /// A string, null (no text: an assistant message that only calls tools), or an array of
    /// content parts of which only text parts are accepted: foundry's models read text, and an
    /// image dropped in silence would be answered as if it had not been sent.
    private static func content(_ fields: RequestFields) throws -> String {
        switch fields["content"] {
        case nil: return ""
        case .string(let s)?: return s
        case .array(let parts)?:
            return try parts.enumerated().map { j, part in try text(of: part, at: fields.name("content") + "[\(j)]") }.joined()
        case let other?:
            throw RequestFields.invalid("\(fields.name("content")) must be a string or an array of content parts, not \(RequestFields.shown(other))")
        }
    }

    private static func text(of part: JSONValue, at path: String) throws -> String {
        guard case .object(let o) = part else {
            throw RequestFields.invalid("\(path) must be a content part object ({\"type\": \"text\", \"text\": …}), not \(RequestFields.shown(part))")
        }
        let fields = RequestFields(o, path: path)
        guard let type = try fields.string("type") else { throw RequestFields.invalid("\(path).type is missing") }
        guard type == "text" else {
            throw RequestFields.invalid("\(path).type \(RequestFields.shown(.string(type))) is not supported: foundry serves text, so send text parts only")
        }
        guard let text = try fields.string("text") else { throw RequestFields.invalid("\(path).text is missing") }
        return text
    }

    private static func toolCalls(_ fields: RequestFields, role: Role) throws -> [ToolCall] {
        guard let list = try fields.array("tool_calls", wanted: "an array of tool calls") else { return [] }
        guard role == .assistant else {
            throw RequestFields.invalid("\(fields.name("tool_calls")) is only allowed on assistant messages, not on \(role.rawValue) messages")
        }
        return try list.enumerated().map { k, value in
            let path = fields.name("tool_calls") + "[\(k)]"
            guard case .object(let o) = value else {
                throw RequestFields.invalid("\(path) must be a tool call object, not \(RequestFields.shown(value))")
            }
            let call = RequestFields(o, path: path)
            if let type = try call.string("type"), type != "function" {
                throw RequestFields.invalid("\(path).type \(RequestFields.shown(.string(type))) is not function")
            }
            guard let id = try call.string("id") else { throw RequestFields.invalid("\(path).id is missing") }
            guard let function = try call.object("function", wanted: "an object with a name and arguments") else {
                throw RequestFields.invalid("\(path).function is missing")
            }
            guard let name = try function.string("name") else { throw RequestFields.invalid("\(path).function.name is missing") }
            return ToolCall(id: id, name: name, arguments: try function.string("arguments") ?? "")
        }
    }
}
