import FoundryCore
import Testing

@Suite("Server-sent events parser")
struct SSEParserTests {
    static let stream = "\u{FEFF}: comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata: line one\ndata:line two\n\nid: 7\nretry: 1500\ndata: x\r\rdata: [DONE]\n\n"
    static let expected = [
        SSEParser.Event(event: "message_start", data: "{\"a\":1}"),
        SSEParser.Event(data: "line one\nline two"),
        SSEParser.Event(data: "x", id: "7"),
        SSEParser.Event(data: "[DONE]", id: "7"),
    ]

    @Test("LF, CRLF and CR line endings, comments, BOM, multi-line data, id and retry")
    func whole() {
        var parser = SSEParser()
        #expect(parser.feed(Array(Self.stream.utf8)) == Self.expected)
        #expect(parser.retryMilliseconds == 1500)
        #expect(!parser.hasPartialEvent)
    }

    @Test("the same events whatever the chunk size", arguments: [1, 2, 3, 5, 7, 64])
    func chunked(size: Int) {
        var parser = SSEParser()
        let bytes = Array(Self.stream.utf8)
        var events: [SSEParser.Event] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            events += parser.feed(bytes[start..<min(start + size, bytes.count)])
        }
        #expect(events == Self.expected)
    }

    @Test("multi-byte UTF-8 split across chunks survives")
    func utf8Split() {
        var parser = SSEParser()
        let bytes = Array("data: héllo 😀\n\n".utf8)
        var events: [SSEParser.Event] = []
        for b in bytes { events += parser.feed([b]) }
        #expect(events == [SSEParser.Event(data: "héllo 😀")])
    }

    @Test("an unterminated event is pending, not dispatched")
    func partial() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: half".utf8)).isEmpty)
        #expect(parser.hasPartialEvent)
    }
}
