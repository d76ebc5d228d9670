import Foundation
import FoundryCore
import Testing

@Suite("JSON parsing")
struct JSONValueParseTests {
    static func decoded(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test("parse gives what JSONDecoder gives, for nesting, escapes, surrogate pairs, numbers and UTF-8")
    func sameAsDecoder() throws {
        let documents = [
            #"{"choices":[{"index":0,"delta":{"content":"Hel\"lo\n\\ \/ \u00e9\ud83d\ude00 \u0001"},"finish_reason":null}],"usage":{"prompt_tokens":3}}"#,
            #"  [1, -0, 0.5, -12.25e3, 1E-2, 1e+2, 123456789012, true, false, null, "", {}, []]  "#,
            #""plain é 日本 😀""#, "42", "null", #"{"a":{"b":{"c":[[[{"d":"e"}]]]}}}"#, #"{"dup":1,"dup":2}"#,
        ]
        for text in documents {
            #expect(try JSONValue.parse(Data(text.utf8), what: "test") == (try Self.decoded(text)), "\(text)")
        }
    }

    @Test("malformed JSON is an error naming what was parsed", arguments: [
        "[1 2]", #"{"a" 1}"#, "01", "1.", "-", ".5", "tru", #""unterminated"#, "\"tab\there\"", #""\x""#,
        #""\ud800""#, "[1] x", "", "{", #"{"a":NaN}"#,
    ])
    func malformed(text: String) {
        #expect(throws: FoundryError.self) { try JSONValue.parse(Data(text.utf8), what: "the test body") }
        do { _ = try JSONValue.parse(Data(text.utf8), what: "the test body") } catch let e as FoundryError {
            #expect(e.message.contains("the test body"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: FoundryError.self) { try JSONValue.parse(Data(bytes), what: "bytes") }
    }
}
