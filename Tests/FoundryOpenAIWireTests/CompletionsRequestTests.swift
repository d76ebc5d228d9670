import Foundation
import FoundryCore
import FoundryOpenAIWire
import Testing

@Suite("OpenAI wire: completions requests")
struct CompletionsRequestTests {
    @Test("a prompt (a string or an array of one) and the fields chat shares, checked the same way")
    func prompt() throws {
        let r = try CompletionsRequest.parse(Data(#"{"prompt":["The capital of France is"],"max_tokens":5,"temperature":0,"stop":"."}"#.utf8))
        #expect(r.prompt == "The capital of France is")
        #expect(r.generation.maxTokens == 5 && r.generation.temperature == 0 && r.generation.stop == ["."])
        for (body, message) in [(#"{"max_tokens":5}"#, "prompt is missing"),
                                (#"{"prompt":["a","b"]}"#, "prompt must be a string (or an array of one string), not an array"),
                                (#"{"prompt":"a","temperature":3}"#, "temperature must be a number from 0 to 2, not 3"),
                                (#"{"prompt":"a","max_tokens":-2}"#, "max_tokens must be a non-negative integer, not -2")] {
            #expect(throws: FoundryError.self, "\(body)") { try CompletionsRequest.parse(Data(body.utf8)) }
            do { _ = try CompletionsRequest.parse(Data(body.utf8)) } catch let e as FoundryError { #expect(e.message == message) } catch {}
        }
    }
}
