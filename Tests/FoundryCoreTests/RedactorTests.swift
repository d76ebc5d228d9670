import FoundryCore
import Testing

@Suite("Secret redaction")
struct RedactorTests {
    @Test("registered secrets and key-shaped strings are masked", arguments: [
        ("Authorization: Bearer abcdefghijklmnop123", "Authorization: [REDACTED]"),
        ("key sk-proj-AbCdEf0123456789xyz leaked", "key [REDACTED] leaked"),
        ("https://x/v1beta/models/m?key=AIzaSyA-1234567890abcdefghij", "https://x/v1beta/models/m?key=[REDACTED]"),
        ("api-key: 0123456789abcdef0123", "api-key: [REDACTED]"),
        ("nothing secret here", "nothing secret here"),
    ])
    func patterns(input: String, expected: String) {
        #expect(Redactor.shared.redact(input) == expected)
    }

    @Test("errors redact whatever they are given")
    func errors() {
        let redactor = Redactor.shared
        redactor.register("plainsecretvalue42")
        let error = FoundryError.failure("request failed with plainsecretvalue42 in it")
        #expect(error.message == "request failed with [REDACTED] in it")
    }
}
