import Foundation
import FoundryCore
import FoundryRoute
import FoundryRouting
import FoundryTestSupport
import Testing

@Suite("Quality data: RouterBench and RouteLLM readers")
struct QualityDataReaderTests {
    static let routerBench = """
        ,sample_id,prompt,eval_name,gpt-4-1106-preview,mistralai/mistral-7b-chat,gpt-4-1106-preview|model_response,mistralai/mistral-7b-chat|model_response,gpt-4-1106-preview|total_cost,mistralai/mistral-7b-chat|total_cost,oracle_model_to_route_to
        0,mbpp.1,"['Write a function that says ""it\\'s fine"".\\nThanks']",mbpp,1.0,0.0,"def f():
            return 1",nope,0.003,0.0001,gpt-4-1106-preview
        1,mbpp.2,"['Add two numbers.']",mbpp,1.0,,x,y,0.002,0.00005,mistralai/mistral-7b-chat

        """

    func parse(_ text: String, source: String = "rb.csv") throws -> QualityDataset {
        try QualityDataReader.parse(bytes: Array(text.utf8), source: source)
    }

    @Test func readsRouterBenchRows() throws {
        let d = try parse(Self.routerBench)
        #expect(d.format == .routerBench)
        #expect(d.models == ["gpt-4-1106-preview", "mistralai/mistral-7b-chat"])
        #expect(d.rows.count == 2)
        let first = d.rows[0]
        // The Python list literal is decoded: escapes resolved, the list unwrapped.
        #expect(first.prompt == "Write a function that says \"it's fine\".\nThanks")
        #expect(first.dataset == "mbpp")
        #expect(first.correct == ["gpt-4-1106-preview": 1, "mistralai/mistral-7b-chat": 0])
        #expect(first.cost == ["gpt-4-1106-preview": 0.003, "mistralai/mistral-7b-chat": 0.0001])
        #expect(first.line == 2)
        // An empty correctness cell is unknown, not wrong.
        #expect(d.rows[1].correct == ["gpt-4-1106-preview": 1])
        #expect(d.rows[1].line == 4)
    }

    @Test func readsRouteLLMRows() throws {
        let d = try parse("prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview\n\"Q?\nA. x\nAnswer:\",False,True\n", source: "dir/mmlu_anatomy.csv")
        #expect(d.format == .correctnessOnly)
        #expect(d.rows.count == 1)
        #expect(d.rows[0].dataset == "mmlu_anatomy")
        #expect(d.rows[0].prompt == "Q?\nA. x\nAnswer:")
        #expect(d.rows[0].correct == ["mistralai/Mixtral-8x7B-Instruct-v0.1": 0, "gpt-4-1106-preview": 1])
        #expect(d.rows[0].cost.isEmpty)
    }

    @Test func malformedCorrectnessNamesFileLineAndColumn() throws {
        let text = "prompt,model-a\nfirst,1\nsecond,maybe\n"
        let error = #expect(throws: FoundryError.self) { try parse(text, source: "data.csv") }
        #expect(error?.message == "data.csv line 3: column 'model-a': 'maybe' is not a correctness value (0, 1, True or False)")
    }

    @Test func malformedCostNamesFileAndLine() throws {
        let text = "prompt,m,m|total_cost\n\"a\nb\",1,0.1\nc,0,cheap\n"
        let error = #expect(throws: FoundryError.self) { try parse(text, source: "data.csv") }
        #expect(error?.message == "data.csv line 4: column 'm|total_cost': 'cheap' is not a cost in USD")
    }

    @Test func wrongFieldCountNamesFileAndLine() throws {
        let error = #expect(throws: FoundryError.self) { try parse("prompt,m\nq,1\nr,0,extra\n", source: "data.csv") }
        #expect(error?.message == "data.csv line 3: expected 2 fields as in the header, found 3")
    }

    @Test func fileWithoutCorrectnessColumnsListsTheColumnsFound() throws {
        let error = #expect(throws: FoundryError.self) { try parse("prompt,answer,subject\nWhat?,B,math\n", source: "qa.csv") }
        #expect(error?.message == "qa.csv: no per-model correctness columns (one column per model holding 0/1 or True/False); columns found: prompt, answer, subject")
    }

    @Test func fileWithoutPromptColumnListsTheColumnsFound() throws {
        let error = #expect(throws: FoundryError.self) { try parse("question,m\nWhat?,1\n", source: "qa.csv") }
        #expect(error?.message == "qa.csv: no 'prompt' column; columns found: question, m")
    }

    @Test func contaminatedPromptsBesideTheFileAreDropped() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "prompt,a,b\nclean,True,False\nleaked,True,True\n".write(toFile: dir + "/mmlu_x.csv", atomically: true, encoding: .utf8)
        try #"{"train_prompt":"other text","eval_prompt":"leaked"}"#.write(toFile: dir + "/contaminated_prompts.jsonl", atomically: true, encoding: .utf8)
        let d = try QualityDataReader.read(file: dir + "/mmlu_x.csv")
        #expect(d.rows.map(\.prompt) == ["clean"])
        #expect(d.droppedContaminated == 1)
        #expect(try QualityDataReader.expand([dir]) == [dir + "/mmlu_x.csv"])
    }

    @Test func missingFileIsNamed() throws {
        let error = #expect(throws: FoundryError.self) { try QualityDataReader.expand(["/nonexistent/x.csv"]) }
        #expect(error?.message == "cannot open '/nonexistent/x.csv': no such file or directory")
    }

    @Test func readsTheSharedRoutingData() throws {
        let data = try RoutingData.directory()
        let arc = try QualityDataReader.read(file: data + "/routerbench-arc_challenge_train.csv")
        #expect(arc.rows.count == 1039)
        #expect(arc.models.count == 11)
        #expect(arc.format == .routerBench)
        #expect(arc.rows.allSatisfy { $0.dataset == "arc-challenge" && !$0.prompt.hasPrefix("['") })
        let mmlu = try QualityDataReader.expand([data + "/routellm-mmlu"]).map { try QualityDataReader.read(file: $0) }
        #expect(mmlu.count == 57)
        // RouteLLM's decontamination list removes 5 of the 14,042 MMLU prompts.
        #expect(mmlu.reduce(0) { $0 + $1.rows.count } == 14_037)
        #expect(mmlu.reduce(0) { $0 + $1.droppedContaminated } == 5)
    }
}

/// ../shared/data/routing, or an error saying clearly that it is missing.
enum RoutingData {
    static let files = [
        "routerbench-arc_challenge_train.csv", "routerbench-mbpp_train.csv", "routerbench-winograde_train.csv", "routellm-mmlu",
    ]

    static func directory() throws -> String {
        let path = TestEnvironment.sharedData + "/routing"
        for f in files where !FileManager.default.fileExists(atPath: path + "/" + f) {
            throw MissingData(description: "shared test data is missing: \(path)/\(f) (the tests read ../shared/data/routing beside the repository)")
        }
        return path
    }

    static func all() throws -> [String] {
        let d = try directory()
        return files.map { d + "/" + $0 }
    }

    static func routerBench() throws -> [String] { Array(try all().prefix(3)) }

    struct MissingData: Error, CustomStringConvertible { var description: String }
}
