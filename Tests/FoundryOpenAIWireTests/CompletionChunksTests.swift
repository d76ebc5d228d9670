import Foundation
import FoundryCore
import FoundryOpenAIWire
import Testing

@Suite("OpenAI wire: chunks and whole answers")
struct CompletionChunksTests {
    /// The JSON object of one `data:` event.
    func object(_ event: String) throws -> JSONValue {
        #expect(event.hasPrefix("data: ") && event.hasSuffix("\n\n"))
        return try JSONValue.parse(Data(event.dropFirst(6).dropLast(2).utf8), what: "chunk")
    }

    func envelope(_ object: String, _ choices: [JSONValue], extra: [String: JSONValue] = [:]) -> String {
        var o: [String: JSONValue] = ["id": .string("chatcmpl-1"), "object": .string(object), "created": .number(42),
                                      "model": .string("onprem/m"), "choices": .array(choices)]
        for (k, v) in extra { o[k] = v }
        return "data: " + JSONValue.object(o).jsonString + "\n\n"
    }

    @Test("a streamed chat chunk is byte for byte what the JSON writer gives for the same object, escaping included")
    func chatChunk() throws {
        let text = "line \"one\"\n\ttab \\ slash / é 😀 \u{01}"
        let chunks = CompletionChunks(id: "chatcmpl-1", model: "onprem/m", created: 42)
        let delta = { (d: [String: JSONValue], finish: JSONValue) -> JSONValue in
            .object(["index": .number(0), "delta": .object(d), "finish_reason": finish])
        }
        #expect(chunks.content(text) == envelope("chat.completion.chunk", [delta(["content": .string(text)], .null)]))
        #expect(chunks.opening == envelope("chat.completion.chunk", [delta(["role": .string("assistant"), "content": .string("")], .null)]))
        #expect(chunks.finish("stop") == envelope("chat.completion.chunk", [delta([:], .string("stop"))]))
        let usage = Usage(inputTokens: 7, outputTokens: 3)
        #expect(chunks.usage(usage) == envelope("chat.completion.chunk", [], extra: ["usage": .object([
            "prompt_tokens": .number(7), "completion_tokens": .number(3), "total_tokens": .number(10)])]))
        #expect(try object(chunks.content(text))["choices"]?[0]?["delta"]?["content"] == .string(text))
        #expect(CompletionChunks.done == "data: [DONE]\n\n")
    }

    @Test("a /v1/completions stream has text_completion chunks with text fields")
    func textChunk() {
        let chunks = CompletionChunks(kind: .text, id: "chatcmpl-1", model: "onprem/m", created: 42)
        let choice = { (text: String, finish: JSONValue) -> JSONValue in
            .object(["index": .number(0), "text": .string(text), "finish_reason": finish])
        }
        #expect(chunks.content("Paris") == envelope("text_completion", [choice("Paris", .null)]))
        #expect(chunks.finish("length") == envelope("text_completion", [choice("", .string("length"))]))
    }

    @Test("an error event is OpenAI's error body as one event")
    func errorEvent() throws {
        let event = CompletionChunks.error("the upstream went away", type: "server_error", code: "upstream_failed")
        let error = try object(event)["error"]
        #expect(error?["message"] == .string("the upstream went away"))
        #expect(error?["type"] == .string("server_error") && error?["code"] == .string("upstream_failed"))
    }

    @Test("whole answers: a chat completion (with tool calls) and a text completion, with usage")
    func documents() throws {
        let usage = Usage(inputTokens: 5, outputTokens: 2)
        let chat = try JSONValue.parse(Data(CompletionDocument.chat(
            id: "chatcmpl-9", model: "m", created: 1, text: "", toolCalls: [ToolCall(id: "c", name: "f", arguments: "{}")],
            finishReason: "tool_calls", usage: usage).utf8), what: "answer")
        #expect(chat["object"] == .string("chat.completion") && chat["id"] == .string("chatcmpl-9"))
        let choice = chat["choices"]?[0]
        #expect(choice?["finish_reason"] == .string("tool_calls"))
        #expect(choice?["message"]?["role"] == .string("assistant"))
        #expect(choice?["message"]?["tool_calls"]?[0]?["function"]?["name"] == .string("f"))
        #expect(chat["usage"]?["total_tokens"] == .number(7))
        let text = try JSONValue.parse(Data(CompletionDocument.text(id: "cmpl-1", model: "m", created: 1, text: "Paris", finishReason: "length",
                                                                    usage: usage).utf8), what: "answer")
        #expect(text["object"] == .string("text_completion") && text["choices"]?[0]?["text"] == .string("Paris"))
    }

    @Test("what the writer writes, the reader reads back")
    func writtenThenRead() throws {
        let chunks = CompletionChunks(id: "chatcmpl-1", model: "m", created: 1)
        let events = [chunks.opening, chunks.content("Hel"), chunks.content("lo"), chunks.finish("stop"), chunks.usage(Usage(inputTokens: 4, outputTokens: 2))]
        let read = events.compactMap { CompletionPayload(json: String($0.dropFirst(6).dropLast(2))) }
        #expect(read.compactMap(\.firstText).joined() == "Hello")
        #expect(read.compactMap { $0.choices.first?.finishReason } == ["stop"])
        #expect(read.compactMap(\.usage) == [Usage(inputTokens: 4, outputTokens: 2)])
    }
}
