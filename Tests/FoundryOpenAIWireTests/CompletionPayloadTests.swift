import Foundation
import FoundryCore
import FoundryOpenAIWire
import Testing

@Suite("OpenAI wire: reading answers and chunks")
struct CompletionPayloadTests {
    func read(_ json: String) throws -> CompletionPayload { try #require(CompletionPayload(json: json)) }

    @Test("a chunk's content, reasoning, tool call pieces and finish reason, per choice")
    func chunk() throws {
        let p = try read("""
            {"choices":[{"index":0,"delta":{"reasoning_content":"think ","content":"Hi","tool_calls":[
              {"index":1,"id":"call_9","function":{"name":"f","arguments":"{\\"a\\""}},{"function":{"arguments":":1}"}}]},"finish_reason":null},
              {"index":1,"delta":{"content":"other"},"finish_reason":"length"}]}
            """)
        #expect(p.choices.count == 2)
        #expect(p.choices[0].content == "Hi" && p.choices[0].reasoning == "think ")
        #expect(p.choices[0].toolCalls == [ToolCallDelta(index: 1, id: "call_9", name: "f", arguments: #"{"a""#), ToolCallDelta(index: 1, arguments: ":1}")])
        #expect(p.choices[0].finishReason == nil && p.choices[1].finishReason == "length")
        #expect(p.firstText == "think Hi", "reasoning tokens are generated tokens too")
        #expect(p.usage == nil && p.error == nil)
    }

    @Test("usage with cached and reasoning tokens; usage lacking a count is no usage")
    func usage() throws {
        let p = try read(#"{"choices":[],"usage":{"prompt_tokens":19,"completion_tokens":4,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":0}}}"#)
        #expect(p.usage == Usage(inputTokens: 19, outputTokens: 4, cachedInputTokens: 8, reasoningTokens: 0))
        #expect(try read(#"{"choices":[],"usage":{"prompt_tokens":19}}"#).usage == nil)
        #expect(try read(#"{"choices":[],"usage":null}"#).usage == nil)
    }

    @Test("a whole answer's message, a completions choice's text; an error object or string; not JSON is nil")
    func documentsAndErrors() throws {
        #expect(try read(#"{"choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}]}"#).firstText == "Hi there")
        #expect(try read(#"{"choices":[{"index":0,"text":"Paris","finish_reason":"length"}]}"#).firstText == "Paris")
        #expect(try read(#"{"error":{"message":"overloaded","code":503}}"#).error == .init(message: "overloaded", status: 503))
        #expect(try read(#"{"error":{"message":"bad","code":"upstream_failed"}}"#).error == .init(message: "bad", status: 500))
        #expect(try read(#"{"error":"quota"}"#).error == .init(message: "quota", status: 500))
        #expect(CompletionPayload(json: "<html>") == nil)
        #expect(CompletionPayload(json: Data("{".utf8)) == nil)
    }
}
