import Foundation
import FoundryCore
import FoundryOpenAIWire
import Testing

@Suite("OpenAI wire: chat completions requests")
struct ChatCompletionsRequestTests {
    func parse(_ body: String) throws -> ChatCompletionsRequest { try ChatCompletionsRequest.parse(Data(body.utf8)) }

    /// The message a body is refused with.
    func refusal(_ body: String) -> String? {
        do {
            _ = try parse(body)
            return nil
        } catch let e as FoundryError {
            #expect(e.exitCode == ExitStatus.usage, "a client's mistake is a usage error (HTTP 400): \(body)")
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test("every field a client sends is read: roles (developer kept), text parts joined, tool calls, tools, stop, sampling, stream")
    func fullRequest() throws {
        let r = try parse("""
            {"model":"onprem/big","messages":[
              {"role":"developer","content":"Be brief."},
              {"role":"system","content":"Answer in French."},
              {"role":"user","content":[{"type":"text","text":"Hello, "},{"type":"text","text":"world"}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Weather now","parameters":{"type":"object"}}}],
             "stop":["\\n\\n","END"],"max_completion_tokens":64,"max_tokens":8,"temperature":0.2,"top_p":0.9,"top_k":40,"min_p":0.1,
             "seed":-7,"n":1,"stream":true,"stream_options":{"include_usage":true},"response_format":{"type":"json_object"},
             "foundry":{"prefer":"cost"},"tool_choice":"auto","user":"u1"}
            """)
        #expect(r.model == "onprem/big")
        #expect(r.messages.map(\.role) == [.developer, .system, .user, .assistant, .tool])
        #expect(r.messages[2].content == "Hello, world")
        #expect(r.messages[3].content == "")
        #expect(r.messages[3].toolCalls == [ToolCall(id: "call_1", name: "weather", arguments: #"{"city":"Paris"}"#)])
        #expect(r.messages[4].toolCallID == "call_1")
        #expect(r.tools == [ToolDefinition(name: "weather", description: "Weather now", parameters: .object(["type": .string("object")]))])
        var g = GenerationFields()
        g.maxTokens = 64
        g.temperature = 0.2
        g.topP = 0.9
        g.topK = 40
        g.minP = 0.1
        g.seed = -7
        g.stop = ["\n\n", "END"]
        g.stream = true
        g.includeUsage = true
        #expect(r.generation == g, "max_completion_tokens wins over max_tokens")
        #expect(r.responseFormat == .jsonObject)
        #expect(r.foundry == ["prefer": .string("cost")])
    }

    @Test("the smallest body: one message; nulls are absent fields; stop may be one string")
    func smallest() throws {
        let r = try parse(#"{"messages":[{"role":"user","content":"hi"}],"temperature":null,"stop":"\n","max_tokens":0,"stream":null}"#)
        #expect(r.model == nil)
        #expect(r.messages == [ChatCompletionsMessage(role: .user, content: "hi")])
        #expect(r.generation.temperature == nil && r.generation.stream == false && r.generation.includeUsage == false)
        #expect(r.generation.stop == ["\n"])
        #expect(r.generation.maxTokens == 0, "0 tokens is a prompt-only request")
        #expect(r.responseFormat == .text && r.tools.isEmpty && r.foundry.isEmpty)
        let schema = try parse(#"{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}"#)
        #expect(schema.responseFormat == .jsonSchema(.object(["type": .string("object")])))
    }

    @Test("the request providers get: developer becomes system, JSON formats ask for JSON, tool calls and ids kept")
    func chatRequest() throws {
        let r = try parse("""
            {"messages":[{"role":"developer","content":"d"},{"role":"user","content":"u"},
             {"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"r"}],
             "max_tokens":5,"temperature":1,"top_p":0.5,"stop":"x","response_format":{"type":"json_schema","json_schema":{"name":"s"}}}
            """).chatRequest
        #expect(r.messages == [.system("d"), .user("u"), ChatMessage(role: .assistant, content: "", toolCalls: [ToolCall(id: "c", name: "f", arguments: "{}")]),
                               ChatMessage(role: .tool, content: "r", toolCallID: "c")])
        #expect(r.maxTokens == 5 && r.temperature == 1 && r.topP == 0.5 && r.stop == ["x"] && r.responseFormat == .json)
    }

    @Test("what a provider writes reads back as the same request")
    func roundTrip() throws {
        let sent = ChatRequest(messages: [.system("s"), .user("u"), ChatMessage(role: .assistant, content: "", toolCalls: [ToolCall(id: "1", name: "f", arguments: "{}")]),
                                          ChatMessage(role: .tool, content: "ok", toolCallID: "1")],
                               temperature: 0.3, topP: 0.8, maxTokens: 99, stop: ["a", "b"], tools: [ToolDefinition(name: "f", description: "d")], responseFormat: .json)
        for field in [ChatRequestBody.MaxTokensField.maxTokens, .maxCompletionTokens] {
            let body = ChatRequestBody.json(sent, model: "m", maxTokensField: field)
            let read = try ChatCompletionsRequest.parse(Data(body.jsonBytes))
            #expect(read.chatRequest == sent)
            #expect(read.model == "m" && read.generation.stream && read.generation.includeUsage)
        }
    }

    static let refused: [(String, String)] = [
        ("", "the request body is empty; send a JSON object"),
        ("[1,2]", "the request body must be a JSON object"),
        ("{}", "messages is missing; send a non-empty array of messages"),
        (#"{"messages":[]}"#, "messages is empty; send at least one message"),
        (#"{"messages":"hi"}"#, "messages must be a non-empty array of messages, not 'hi'"),
        (#"{"messages":[3]}"#, "messages[0] must be a message object with a role and content, not 3"),
        (#"{"messages":[{"content":"hi"}]}"#, "messages[0].role is missing"),
        (#"{"messages":[{"role":1,"content":"hi"}]}"#, "messages[0].role must be a string, not 1"),
        (#"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"robot","content":"c"}]}"#,
         "messages[2].role 'robot' is not system, developer, user, assistant or tool"),
        (#"{"messages":[{"role":"user\n","content":"a"}]}"#, #"messages[0].role 'user\u{a}' is not system, developer, user, assistant or tool"#),
        (#"{"messages":[{"role":"user","content":3}]}"#, "messages[0].content must be a string or an array of content parts, not 3"),
        (#"{"messages":[{"role":"user","content":["hi"]}]}"#, #"messages[0].content[0] must be a content part object ({"type": "text", "text": …}), not 'hi'"#),
        (#"{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"#, "messages[0].content[0].type is missing"),
        (#"{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}"#,
         "messages[0].content[1].type 'image_url' is not supported: foundry serves text, so send text parts only"),
        (#"{"messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text is missing"),
        (#"{"messages":[{"role":"user","content":"a","tool_calls":[]}]}"#, "messages[0].tool_calls is only allowed on assistant messages, not on user messages"),
        (#"{"messages":[{"role":"assistant","tool_calls":[{"function":{"name":"f"}}]}]}"#, "messages[0].tool_calls[0].id is missing"),
        (#"{"messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{}}]}]}"#, "messages[0].tool_calls[0].function.name is missing"),
        (#"{"messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{}}}]}]}"#,
         "messages[0].tool_calls[0].function.arguments must be a string, not an object"),
        (#"{"messages":[{"role":"tool","content":"sunny"}]}"#, "messages[0].tool_call_id is missing: a tool message answers the tool call with that id"),
        (#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":-1}"#, "max_tokens must be a non-negative integer, not -1"),
        (#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":12.5}"#, "max_tokens must be a non-negative integer, not 12.5"),
        (#"{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":"8"}"#, "max_completion_tokens must be a non-negative integer, not '8'"),
        (#"{"messages":[{"role":"user","content":"hi"}],"temperature":3}"#, "temperature must be a number from 0 to 2, not 3"),
        (#"{"messages":[{"role":"user","content":"hi"}],"top_p":0}"#, "top_p must be a number above 0 and at most 1, not 0"),
        (#"{"messages":[{"role":"user","content":"hi"}],"top_k":-1}"#, "top_k must be a non-negative integer, not -1"),
        (#"{"messages":[{"role":"user","content":"hi"}],"min_p":1}"#, "min_p must be a number from 0 to below 1, not 1"),
        (#"{"messages":[{"role":"user","content":"hi"}],"seed":0.5}"#, "seed must be an integer, not 0.5"),
        (#"{"messages":[{"role":"user","content":"hi"}],"n":2}"#, "n must be 1, not 2: foundry answers with one choice per request"),
        (#"{"messages":[{"role":"user","content":"hi"}],"stop":[1]}"#, "stop[0] must be a string, not 1"),
        (#"{"messages":[{"role":"user","content":"hi"}],"stop":{}}"#, "stop must be a string or an array of strings, not an object"),
        (#"{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#, "stream must be true or false, not 'yes'"),
        (#"{"messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":1}}"#,
         "stream_options.include_usage must be true or false, not 1"),
        (#"{"messages":[{"role":"user","content":"hi"}],"model":7}"#, "model must be a string, not 7"),
        (#"{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"description":"d"}}]}"#, "tools[0].function.name is missing"),
        (#"{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"retrieval"}]}"#, "tools[0].type 'retrieval' is not function"),
        (#"{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}"#, "response_format.type 'xml' is not text, json_object or json_schema"),
        (#"{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema"}}"#, "response_format.json_schema is missing"),
        (#"{"messages":[{"role":"user","content":"hi"}],"foundry":"cheap"}"#, "foundry must be an object of routing constraints, not 'cheap'"),
    ]

    @Test("each mistake is refused with one line naming the field and the value", arguments: refused)
    func refusals(body: String, message: String) {
        #expect(refusal(body) == message)
    }

    @Test("malformed JSON and invalid UTF-8 are refused as malformed request bodies, on one line")
    func malformed() {
        for (body, start) in [(Data("{".utf8), "malformed JSON in the request body"), (Data(#"{"messages":[}"#.utf8), "malformed JSON in the request body"),
                              (Data([0x7B, 0xFF, 0xFE, 0x7D]), "the request body is not valid UTF-8")] {
            var message: String?
            do { _ = try ChatCompletionsRequest.parse(body) } catch let e as FoundryError { message = e.message } catch {}
            #expect(message?.hasPrefix(start) == true, "\(Array(body)): \(message ?? "accepted")")
            #expect(message?.contains("\n") == false)
        }
    }

    @Test("a long refused value is cut, so the message stays short")
    func longValue() {
        let message = refusal(#"{"messages":[{"role":"\#(String(repeating: "r", count: 500))","content":"c"}]}"#)
        #expect(message == "messages[0].role '\(String(repeating: "r", count: 40))…' is not system, developer, user, assistant or tool")
    }
}
