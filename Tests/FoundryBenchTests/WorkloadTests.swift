import Foundation
import FoundryBench
import FoundryCore
import FoundryTestSupport
import Testing
import FoundryCatalog

@Suite("workloads: datasets and synthetic prompts")
struct WorkloadTests {
    func file(_ text: String, name: String = "d.jsonl") throws -> String {
        let path = try TestEnvironment.temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("JSON Lines: prompt, messages and ShareGPT conversations, with output lengths")
    func jsonLines() throws {
        let path = try file("""
            {"prompt": "What is 2+2?", "max_tokens": 16}

            {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}]}
            {"conversations": [{"from": "human", "value": "Name a colour."}, {"from": "gpt", "value": "Blue is a colour."}]}
            {"conversations": [{"from": "gpt", "value": "no question here"}]}
            """)
        let prompts = try DatasetReader(path: path, counter: .estimate).read()
        #expect(prompts.count == 3)
        #expect(prompts[0].messages == [.user("What is 2+2?")])
        #expect(prompts[0].maxTokens == 16)
        #expect(prompts[0].inputTokens == 3)
        #expect(prompts[1].messages.map(\.role) == [.system, .user])
        #expect(prompts[1].maxTokens == nil)
        #expect(prompts[2].messages == [.user("Name a colour.")])
        #expect(prompts[2].maxTokens == 5)  // "Blue is a colour." is 17 bytes: 5 tokens by the estimate
    }

    @Test("a malformed line is reported with its number")
    func malformedLine() throws {
        let path = try file("{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n{\"prompt\": \"c\"\n{\"prompt\": \"d\"}\n")
        let error = try #require(throws: FoundryError.self) { try DatasetReader(path: path, counter: .estimate).read() }
        #expect(error.message.hasPrefix("dataset '\(path)' line 3: not valid JSON"))
        let wrong = try file("{\"prompt\": \"a\"}\n{\"prompt\": \"b\", \"max_tokens\": true}\n")
        let e2 = try #require(throws: FoundryError.self) { try DatasetReader(path: wrong, counter: .estimate).read() }
        #expect(e2.message == "dataset '\(wrong)' line 2: \"max_tokens\" must be a positive integer")
        let none = try file("{\"text\": \"a\"}\n")
        let e3 = try #require(throws: FoundryError.self) { try DatasetReader(path: none, counter: .estimate).read() }
        #expect(e3.message.contains("line 1: no \"prompt\", \"messages\" or \"conversations\" field"))
    }

    @Test("a ShareGPT JSON array; a bad entry is named by its position")
    func shareGPT() throws {
        let path = try file("""
            [{"id": "a", "conversations": [{"from": "human", "value": "Why is the sky blue?"}, {"from": "gpt", "value": "Rayleigh scattering of sunlight."}]},
             {"id": "b", "conversations": [{"from": "human", "value": "Hi"}]}]
            """, name: "sharegpt.json")
        let prompts = try DatasetReader(path: path, counter: .estimate).read()
        #expect(prompts.count == 2)
        #expect(prompts[0].maxTokens == 8)
        #expect(prompts[1].maxTokens == nil)
        let bad = try file(#"[{"conversations": [{"from": "human", "value": "x"}]}, 5]"#, name: "bad.json")
        let error = try #require(throws: FoundryError.self) { try DatasetReader(path: bad, counter: .estimate).read() }
        #expect(error.message == "dataset '\(bad)' entry 2: expected a JSON object")
    }

    @Test("a missing dataset says so")
    func missing() {
        let error = #expect(throws: FoundryError.self) { try DatasetReader(path: "/nonexistent/d.jsonl", counter: .estimate).read() }
        #expect(error?.message == "cannot read dataset '/nonexistent/d.jsonl': no such file")
    }

    @Test("synthetic prompts have the asked input length, differ from each other, and repeat with the seed")
    func synthetic() {
        let maker = SyntheticPrompts(inputTokens: 100, outputTokens: 32, counter: .estimate, seed: 9)
        let prompts = maker.make(count: 20)
        #expect(prompts.allSatisfy { $0.inputTokens == 100 && TokenEstimate.tokens($0.text) == 100 && $0.maxTokens == 32 })
        #expect(Set(prompts.map(\.text)).count == 20)
        #expect(maker.make(count: 20) == prompts)
        #expect(SyntheticPrompts(inputTokens: 100, outputTokens: 32, counter: .estimate, seed: 10).make(count: 20) != prompts)
        #expect(prompts[3].text.hasPrefix("Request 3: "))
    }
}
