/// A parsed TOML value. Tables remember the line each key was defined on, so configuration
/// errors can name the file and line.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .datetime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The same value as JSON, for decoding into Codable types.
    public var json: JSONValue {
        switch self {
        case .string(let s), .datetime(let s): .string(s)
        case .integer(let i): .number(Double(i))
        case .float(let d): .number(d)
        case .bool(let b): .bool(b)
        case .array(let a): .array(a.map(\.json))
        case .table(let t): .object(t.values.mapValues(\.json))
        }
    }
}

public struct TOMLTable: Sendable, Equatable {
    public internal(set) var values: [String: TOMLValue] = [:]
    public internal(set) var lines: [String: Int] = [:]
    /// Keys in the order they were defined.
    public internal(set) var order: [String] = []
    /// The line of the table header (0 for the root table).
    public internal(set) var headerLine: Int = 0
    /// True when defined by an explicit [header] (a second definition is an error).
    var explicitlyDefined = false
    /// True for tables created by an inline table (which are closed to later additions).
    var isInline = false

    public init() {}

    public subscript(key: String) -> TOMLValue? { values[key] }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if values[key] == nil { order.append(key) }
        values[key] = value
        lines[key] = line
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.values == b.values }
}
