import FoundryCore

/// The fields of one JSON object in a request body, read with errors that name the field by its
/// path (`temperature`, `messages[2].role`) and show the value that was refused. Every error is
/// a usage error (HTTP 400) on one line. An absent field and a `null` one are the same.
struct RequestFields {
    let members: [String: JSONValue]
    /// The object's own path ("" for the body, "messages[2]" for a message).
    let path: String

    init(_ object: [String: JSONValue], path: String = "") {
        members = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The field's value; nil when absent or null.
    subscript(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let s) = value else { throw Self.invalid("\(name(key)) must be a string, not \(Self.shown(value))") }
        return s
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = self[key] else { return nil }
        guard case .bool(let b) = value else { throw Self.invalid("\(name(key)) must be true or false, not \(Self.shown(value))") }
        return b
    }

    /// A number in `range`; `wanted` says which ("a number from 0 to 2").
    func number(_ key: String, wanted: String, where accepts: (Double) -> Bool) throws -> Double? {
        guard let value = self[key] else { return nil }
        guard case .number(let n) = value, n.isFinite, accepts(n) else { throw Self.invalid("\(name(key)) must be \(wanted), not \(Self.shown(value))") }
        return n
    }

    /// A whole number (12 or 12.0, not 12.5) of at least `minimum`.
    func integer(_ key: String, minimum: Int = .min, wanted: String) throws -> Int? {
        guard let value = self[key] else { return nil }
        guard case .number(let n) = value, let i = Int(exactly: n), i >= minimum else {
            throw Self.invalid("\(name(key)) must be \(wanted), not \(Self.shown(value))")
        }
        return i
    }

    func object(_ key: String, wanted: String = "an object") throws -> RequestFields? {
        guard let value = self[key] else { return nil }
        guard case .object(let o) = value else { throw Self.invalid("\(name(key)) must be \(wanted), not \(Self.shown(value))") }
        return RequestFields(o, path: name(key))
    }

    func array(_ key: String, wanted: String) throws -> [JSONValue]? {
        guard let value = self[key] else { return nil }
        guard case .array(let a) = value else { throw Self.invalid("\(name(key)) must be \(wanted), not \(Self.shown(value))") }
        return a
    }

    /// The client's mistake: HTTP 400 with this one-line message.
    static func invalid(_ message: String) -> FoundryError { FoundryError.usage(message) }

    /// A refused value as the error shows it: strings quoted and cut to 40 characters with
    /// control characters escaped (the message stays one line), numbers as written, containers
    /// by kind.
    static func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            let escaped = s.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
            return "'" + escaped.joined() + (s.unicodeScalars.count > 40 ? "…'" : "'")
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return String(b)
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
