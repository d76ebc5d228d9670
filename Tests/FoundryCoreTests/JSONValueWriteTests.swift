import Foundation
import FoundryCore
import Testing

@Suite("JSON writing")
struct JSONValueWriteTests {
    @Test("jsonBytes is byte for byte what JSONEncoder (sorted keys, unescaped slashes) writes")
    func sameAsEncoder() throws {
        let numbers: [Double] = [0, -0.0, 1, -1, 64, 0.7, 0.1 + 0.2, 1e-5, 1.5e-7, 123.456, -2.5, 1e15, 1e16, 1.5e20, 999_999_999_999_999,
                                 3.141592653589793, 1e300, -1e-300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 0.000123]
        let strings = ["", "plain", "quote \" backslash \\ slash / end", "tab\tnewline\nreturn\r", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
                       "é 日本 😀", "\u{2028}\u{2029}", "</script>"]
        let keys = ["b", "a", "B", "a10", "a2", "_x", "é", "Z", "aa", "a", "😀", "10", "9", "ａ"]
        var object: [String: JSONValue] = [:]
        for (i, key) in keys.enumerated() { object[key] = .number(Double(i)) }
        var values: [JSONValue] = [.null, .bool(true), .bool(false), .array([]), .object([:]), .object(object)]
        values += numbers.map(JSONValue.number) + strings.map(JSONValue.string)
        values.append(.object(["messages": .array([.object(["role": .string("user"), "content": .string("Say \"hi\"\n")])]),
                               "stream": .bool(true), "max_tokens": .number(64), "temperature": .number(0.7),
                               "stream_options": .object(["include_usage": .bool(true)]), "nested": .array([.array([.null])])]))
        let encoder = JSONCoding.encoder()
        for value in values {
            let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(value.jsonString == expected)
            #expect(try JSONValue.parse(Data(value.jsonBytes), what: "written") == value)
        }
    }
}
