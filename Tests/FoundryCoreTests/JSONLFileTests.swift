import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@Suite("JSONL logs")
struct JSONLFileTests {
    struct Record: Codable, Equatable { let n: Int; let pad: String }

    @Test("concurrent appends never interleave, and a torn line is skipped, not fatal")
    func concurrentAndTorn() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = JSONLFile(path: dir + "/state/usage.jsonl")
        let pad = String(repeating: "x", count: 5000)  // larger than a pipe buffer's atomic size
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 { group.addTask { try log.append(Record(n: n, pad: pad)) } }
            try await group.waitForAll()
        }
        // A crash mid-write leaves an unterminated line; the next append must not join it.
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"n\": 999, \"pa".utf8))
        try handle.close()
        try log.append(Record(n: 200, pad: "end"))

        let (records, skipped) = try log.read(Record.self)
        #expect(records.count == 201)
        #expect(Set(records.map(\.n)) == Set(0...200))
        #expect(skipped == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "logs are private to their owner")
    }

    @Test("usage records round-trip with snake_case fields")
    func usageRecord() throws {
        let record = UsageRecord(source: "route", modelID: "openai/gpt-4o", provider: "openai", decisionID: "d-1",
                                 usage: Usage(inputTokens: 10, outputTokens: 5, cachedInputTokens: 2), costUSD: 0.0001)
        let json = JSONCoding.string(record)
        #expect(json.contains("\"decision_id\":\"d-1\""))
        #expect(json.contains("\"cached_input_tokens\":2"))
        let back = try JSONDecoder().decode(UsageRecord.self, from: Data(json.utf8))
        #expect(back == record)
    }
}
