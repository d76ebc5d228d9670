import Foundation
import FoundryCore

/// Reads the fields of one event object, naming the event and field when one is missing.
package struct JSONFields {
    package let object: [String: JSONValue]
    package let event: String

    package init(_ object: [String: JSONValue], event: String) {
        self.object = object
        self.event = event
    }

    package subscript(key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    package func string(_ key: String) throws -> String {
        guard let s = self[key]?.stringValue else { throw RealtimeProtocolError.missing(event, key) }
        return s
    }

    package func int(_ key: String) throws -> Int {
        guard let n = self[key]?.intValue else { throw RealtimeProtocolError.missing(event, key) }
        return n
    }

    package func optionalString(_ key: String) -> String? { self[key]?.stringValue }
    package func optionalInt(_ key: String) -> Int? { self[key]?.intValue }
    package func optionalDouble(_ key: String) -> Double? { self[key]?.doubleValue }

    package func object(_ key: String) throws -> [String: JSONValue] {
        guard let o = self[key]?.objectValue else { throw RealtimeProtocolError.missing(event, key) }
        return o
    }

    /// Base64 audio bytes.
    package func audio(_ key: String) throws -> Data {
        let text = try string(key)
        guard let data = Data(base64Encoded: text) else { throw RealtimeProtocolError.badAudio(event) }
        return data
    }
}

extension JSONValue {
    /// An object from optional members: nil values are left out.
    package static func members(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for (k, v) in pairs { if let v { o[k] = v } }
        return .object(o)
    }

    package static func int(_ n: Int) -> JSONValue { .number(Double(n)) }
}
