import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// The local server's answers to single client events, over a real socket on 127.0.0.1.
@Suite(.serialized) struct ServerProtocolTests {
    /// A raw protocol session against the in-process server (echo replies).
    struct Probe {
        let connection: RealtimeConnection
        var iterator: AsyncStream<RealtimeConnection.Incoming>.AsyncIterator

        init(_ connection: RealtimeConnection) {
            self.connection = connection
            iterator = connection.incoming.makeAsyncIterator()
        }

        func send(_ event: RealtimeClientEvent) async throws { try await connection.send(event.text()) }
        func send(raw: String) async throws { try await connection.send(raw) }

        /// Events until one of `type` (all of them, the last being `type`).
        mutating func until(_ type: String) async throws -> [RealtimeServerEvent] {
            var seen: [RealtimeServerEvent] = []
            while case .text(let text, _)? = await iterator.next() {
                let event = try RealtimeServerEvent.parse(text).event
                seen.append(event)
                if event.type == type { return seen }
            }
            Issue.record("the connection ended before \(type); saw \(seen.map(\.type))")
            return seen
        }

        mutating func error() async throws -> RealtimeErrorInfo? {
            if case .error(let e)? = try await until("error").last { return e }
            return nil
        }
    }

    func session(_ body: @Sendable (inout Probe) async throws -> Void) async throws {
        try await LocalServer.with(ServerServices(reply: EchoReply())) { port in
            let connection = try await RealtimeConnection.open(
                RealtimeEndpoint(url: "ws://127.0.0.1:\(port)/v1/realtime", kind: .other, dialect: .ga, headers: [:], model: nil))
            var probe = Probe(connection)
            let created = try await probe.until("session.created")
            guard case .sessionCreated(let s)? = created.last else { Issue.record("no session.created"); return }
            #expect(s.foundry?.reply == "echo" && s.foundry?.note?.contains("echo mode") == true)
            try await body(&probe)
            await connection.close()
        }
    }

    @Test func responseCancelStopsAResponseInProgress() async throws {
        try await session { probe in
            let story = String(repeating: "The sea was calm and the ships sailed slowly into the harbour at dawn. ", count: 20)
            try await probe.send(.createItem(RealtimeItem(id: "u1", role: "user", content: [.init(type: "input_text", text: story)])))
            try await probe.send(.createResponse(instructions: nil))
            _ = try await probe.until("response.output_audio.delta")
            try await probe.send(.cancelResponse(responseID: nil))
            let events = try await probe.until("response.done")
            guard case .responseDone(let r)? = events.last else { return }
            #expect(r.status == .cancelled && r.statusReason == "client_cancelled")
            #expect(r.output.first?.status == .incomplete)
        }
    }

    @Test func mistakesGetErrorEventsAndTheSessionGoesOn() async throws {
        try await session { probe in
            try await probe.send(.cancelResponse(responseID: nil))
            #expect(try await probe.error()?.code == "response_cancel_not_active")
            try await probe.send(.commit)
            #expect(try await probe.error()?.code == "input_audio_buffer_commit_empty")
            try await probe.send(raw: "{not json")
            #expect(try await probe.error()?.code == "invalid_json")
            try await probe.send(raw: #"{"type":"response.launch"}"#)
            let unknown = try await probe.error()
            #expect(unknown?.code == "invalid_value" && unknown?.param == "type")
            try await probe.send(.truncateItem(itemID: "nope", contentIndex: 0, audioEndMs: 10))
            #expect(try await probe.error()?.code == "item_truncate_invalid_item_id")
            try await probe.send(.sessionUpdate(RealtimeSessionConfig(voice: "no-such-voice-xyz")))
            #expect(try await probe.error()?.param == "session.audio.output.voice")
            try await probe.send(.sessionUpdate(RealtimeSessionConfig(turnDetection: .semanticVAD(eagerness: "auto", createResponse: nil, interruptResponse: nil))))
            #expect(try await probe.error()?.message.contains("semantic_vad") == true)
            let updated = try await probe.until("session.updated")
            guard case .sessionUpdated(let s)? = updated.last else { return }
            #expect(s.turnDetection == .serverVAD(.defaults))
        }
    }

    @Test func textOnlyRepliesAndTruncation() async throws {
        try await session { probe in
            try await probe.send(.sessionUpdate(RealtimeSessionConfig(outputModalities: ["text"])))
            _ = try await probe.until("session.updated")
            try await probe.send(.createItem(RealtimeItem(id: "u1", role: "user", content: [.init(type: "input_text", text: "hello there")])))
            try await probe.send(.createResponse(instructions: nil))
            let events = try await probe.until("response.done")
            let deltas = events.compactMap { if case .textDelta(_, let d) = $0 { d } else { nil } }
            #expect(deltas.joined() == "You said: hello there.")
            #expect(!events.contains { if case .audioDelta = $0 { true } else { false } })
            // Audio replies can be truncated where the listener stopped.
            try await probe.send(.sessionUpdate(RealtimeSessionConfig(outputModalities: ["audio"])))
            _ = try await probe.until("session.updated")
            try await probe.send(.createResponse(instructions: nil))
            let spoken = try await probe.until("response.done")
            guard case .responseDone(let r)? = spoken.last, let item = r.output.first?.id else { return }
            try await probe.send(.truncateItem(itemID: item, contentIndex: 0, audioEndMs: 200))
            let truncated = try await probe.until("conversation.item.truncated")
            #expect(truncated.last == .itemTruncated(itemID: item, contentIndex: 0, audioEndMs: 200))
            try await probe.send(.truncateItem(itemID: item, contentIndex: 0, audioEndMs: 60_000))
            #expect(try await probe.error()?.param == "audio_end_ms")
        }
    }
}
