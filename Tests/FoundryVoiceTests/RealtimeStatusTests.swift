import Foundation
import FoundryCore
import Testing
@testable import FoundryRealtime

/// Statuses are typed but keep the protocol's strings, and a peer's unknown status is kept.
@Suite struct RealtimeStatusTests {
    @Test func statusesKeepTheProtocolStrings() throws {
        let known: [(RealtimeStatus, String)] = [
            (.inProgress, "in_progress"), (.completed, "completed"), (.cancelled, "cancelled"), (.failed, "failed"),
            (.incomplete, "incomplete"), (.noSpeech, "no_speech"), (.timeout, "timeout"),
        ]
        for (status, text) in known {
            #expect(status.rawValue == text && "\(status)" == text)
            #expect(RealtimeStatus(rawValue: text) == status)
            #expect(JSONCoding.string(status) == "\"\(text)\"")
            #expect(try JSONDecoder().decode(RealtimeStatus.self, from: Data("\"\(text)\"".utf8)) == status)
        }
        var turn = TurnWaterfall(turn: 1, input: "hi")
        turn.status = .noSpeech
        #expect(JSONCoding.string(turn).contains(#""status":"no_speech""#))
        #expect(turn.line.hasSuffix(" [no_speech]"))
    }

    @Test func anUnknownResponseStatusIsKeptNotRefused() throws {
        let done = try RealtimeServerEvent.parse("""
            {"type":"response.done","response":{"id":"resp_9","status":"paused_for_review","output":[
             {"id":"msg_1","type":"message","role":"assistant","status":"archived","content":[]}]}}
            """).event
        guard case .responseDone(let r) = done else { Issue.record("\(done)"); return }
        #expect(r.status == RealtimeStatus(rawValue: "paused_for_review") && r.status != .completed)
        #expect(r.output.first?.status?.rawValue == "archived")
        #expect(r.jsonValue(.ga)["status"]?.stringValue == "paused_for_review")
        #expect(try JSONDecoder().decode(RealtimeStatus.self, from: Data(#""paused_for_review""#.utf8)).rawValue == "paused_for_review")
    }
}
