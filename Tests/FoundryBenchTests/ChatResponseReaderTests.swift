import FoundryBench
import FoundryCore
import NIOCore
import Testing

@Suite("reading chat completion responses")
struct ChatResponseReaderTests {
    let reader = ChatResponseReader(provider: "127.0.0.1:8000", model: "m")
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func event(_ content: String) -> String {
        #"data: {"choices":[{"index":0,"delta":{"content":"\#(content)"},"finish_reason":null}]}"# + "\n\n"
    }

    @Test("each content chunk is timed by the read that completed it; empty deltas and role chunks are not tokens")
    func streamed() {
        let role = #"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"# + "\n\n"
        let first = event("Hel"), second = event("lo")
        let usage = #"data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}}"# + "\n\ndata: [DONE]\n\n"
        let split = first.index(first.startIndex, offsetBy: 20)
        let raw = RawResponse(sent: t0, status: 200, contentType: "text/event-stream; charset=utf-8", parts: [
            .init(arrived: at(5), bytes: ByteBuffer(string: role)),
            .init(arrived: at(200), bytes: ByteBuffer(string: String(first[..<split]))),
            .init(arrived: at(201), bytes: ByteBuffer(string: String(first[split...]) + second)),
            .init(arrived: at(230), bytes: ByteBuffer(string: usage)),
        ], finished: at(231))
        let timing = reader.read(raw)
        #expect(timing.error == nil)
        #expect(timing.content == [at(201), at(201)])
        #expect(timing.text == "Hello")
        #expect(timing.usage == Usage(inputTokens: 7, outputTokens: 2))
    }

    @Test("a stream without [DONE] is cut; an error event is reported with its message")
    func brokenStreams() {
        let cut = reader.read(RawResponse(sent: t0, status: 200, contentType: "text/event-stream",
                                          parts: [.init(arrived: at(10), bytes: ByteBuffer(string: event("a")))], finished: at(11)))
        #expect(cut.error?.code == "stream_cut")
        #expect(cut.content.count == 1)
        let failed = reader.read(RawResponse(sent: t0, status: 200, contentType: "text/event-stream",
                                             parts: [.init(arrived: at(10), bytes: ByteBuffer(string: #"data: {"error":{"message":"overloaded","code":503}}"# + "\n\n"))],
                                             finished: at(11)))
        #expect(failed.error?.code == "server")
        #expect(failed.error?.description.contains("overloaded") == true)
    }

    @Test("HTTP errors become typed provider errors with the server's message and the wait it asks for")
    func statuses() {
        let body = ByteBuffer(string: #"{"error":{"message":"Incorrect API key provided"}}"#)
        let auth = reader.read(RawResponse(sent: t0, status: 401, contentType: "application/json", parts: [.init(arrived: at(3), bytes: body)], finished: at(3)))
        #expect(auth.error?.code == "auth")
        #expect(auth.error?.description == "127.0.0.1:8000 model 'm': authentication failed (HTTP 401): Incorrect API key provided")
        let limited = reader.read(RawResponse(sent: t0, status: 429, parts: [], finished: at(3)))
        #expect(limited.error?.code == "rate_limited")
        var asked = RawResponse(sent: t0, status: 429, parts: [], finished: at(3))
        asked.headers.add(name: "retry-after", value: "2")
        #expect(reader.read(asked).error?.description == "127.0.0.1:8000 model 'm': rate limited (HTTP 429), retry after 2 s")
    }

    @Test("a whole (non-streamed) answer has its content at the end, and its usage")
    func document() {
        let json = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        let timing = reader.read(RawResponse(sent: t0, status: 200, contentType: "application/json",
                                             parts: [.init(arrived: at(40), bytes: ByteBuffer(string: json))], finished: at(41)))
        #expect(timing.error == nil)
        #expect(timing.content == [at(41)])
        #expect(timing.text == "Hi there")
        #expect(timing.usage?.outputTokens == 2)
        let broken = reader.read(RawResponse(sent: t0, status: 200, contentType: "application/json",
                                             parts: [.init(arrived: at(40), bytes: ByteBuffer(string: "<html>"))], finished: at(41)))
        #expect(broken.error?.code == "protocol")
    }
}
