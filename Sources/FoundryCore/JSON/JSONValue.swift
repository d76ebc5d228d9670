import Foundation

/// Any JSON value, for payloads whose shape foundry passes through (tool schemas, plugin data).
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if let whole = Self.wholeNumber(n) { try container.encode(whole) } else { try container.encode(n) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }

    /// A whole number below 10^15, written as an integer rather than as a Double.
    static func wholeNumber(_ n: Double) -> Int64? { n.rounded() == n && abs(n) < 1e15 ? Int64(n) : nil }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return n }; return nil }
    public var intValue: Int? { doubleValue.flatMap { $0.isFinite ? Int(exactly: $0.rounded()) : nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

    /// Parses JSON bytes; throws a `FoundryError` naming `what` on malformed input.
    /// Parses a request body a client sent: malformed JSON is the client's mistake (a usage
    /// error, which servers answer with HTTP 400).
    public static func parseRequestBody(_ data: Data) throws -> JSONValue {
        if data.isEmpty { throw FoundryError.usage("the request body is empty; send a JSON object") }
        do { return try parse(data, what: "the request body") } catch let error as FoundryError {
            // Only a body that failed to parse is checked, so valid bodies pay nothing for it.
            if String(validating: data, as: UTF8.self) == nil {
                throw FoundryError.usage("the request body is not valid UTF-8 (JSON text must be)")
            }
            throw FoundryError.usage(error.message)
        }
    }

    public static func parse(_ data: Data, what: String) throws -> JSONValue {
        if let value = fastParse(data) { return value }
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw FoundryError.failure("malformed JSON in \(what): \(JSONCoding.describe(error))")
        }
    }
}
