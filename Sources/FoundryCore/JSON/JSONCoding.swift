import Foundation

/// One place for JSON encoding conventions: compact, sorted keys, snake_case field names given
/// explicitly by each type's CodingKeys, no escaped slashes.
public enum JSONCoding {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func data<T: Encodable>(_ value: T, pretty: Bool = false) -> Data {
        // Encoding plain value types cannot fail; a failure is a programming error worth seeing.
        do { return try encoder(pretty: pretty).encode(value) } catch {
            preconditionFailure("JSON encoding failed: \(error)")
        }
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        String(decoding: data(value, pretty: pretty), as: UTF8.self)
    }

    /// A one-line description of a decoding error: the path and what was wrong.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "top level" : String(p.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let c): return "\(path(c.codingPath)): expected \(type)"
        case .valueNotFound(let type, let c): return "\(path(c.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])): required field missing"
        case .dataCorrupted(let c):
            let underlying = (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(c.codingPath)): \(underlying ?? c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
