import Foundation
import FoundryAudio
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice

/// foundry's Opus transport: sequenced 20 ms packets, concealment of lost ones, and the whole
/// path through the local server with a simulated bad network.
@Suite(.serialized) struct OpusTransportTests {
    @Test func lostPacketsAreConcealedFrameForFrame() throws {
        let packetizer = try OpusPacketizer(lossPercent: 20)
        let depacketizer = try OpusDepacketizer()
        let tone = (0..<(480 * 50)).map { Float(0.3 * sin(2 * Double.pi * 300 * Double($0) / 24_000)) }
        let messages = try packetizer.messages(tone) + packetizer.flush()
        #expect(messages.count == 50)
        #expect(OpusTransport.parse(messages[7])?.sequence == 7)
        var samples: [Float] = []
        for (i, message) in messages.enumerated() where ![10, 11, 30].contains(i) {
            samples += try #require(try depacketizer.samples(message))
        }
        #expect(depacketizer.concealed == 3 && depacketizer.received == 47)
        #expect(samples.count == 50 * 480, "every lost frame is replaced by a concealed one")
        #expect(try depacketizer.samples([1]) == nil, "a message too short for a sequence number")
    }

    @Test func sequenceNumbersWrapAround() throws {
        let encoder = try OpusTransport.encoder()
        let depacketizer = try OpusDepacketizer()
        let packet = try encoder.encode([Float](repeating: 0.1, count: 480))
        for sequence: UInt16 in [65_534, 65_535, 0, 1, 3] {
            _ = try depacketizer.samples(OpusTransport.message(sequence: sequence, packet: packet))
        }
        #expect(depacketizer.received == 5 && depacketizer.concealed == 1, "only packet 2 was lost across the wrap")
    }

    @Test func opusTurnThroughTheLocalServerWithLossAndJitter() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Can you hear me through the noise?", in: home)
        let out = home + "/reply.ogg"
        let r = try await CommandRunner.foundry(["voice", "--in", input, "--out", out, "--reply", "echo", "--fast", "--codec", "opus",
                                                 "--loss", "10", "--jitter", "5", "--silence-ms", "400"], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("assistant: You said: "))
        let stats = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("foundry: opus: ") })
        #expect(stats.contains("dropped by --loss") && stats.contains("frames concealed"))
        // libsndfile reads the Ogg Opus file back: complete and valid, longer than half a second.
        #expect(try AudioFile.read(path: out).durationMilliseconds > 500)
        try await VoiceTestAudio.tool("/usr/bin/opusinfo", [out])
    }

    @Test func anEndpointWithoutTheExtensionRefusesOpus() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let input = try await VoiceTestAudio.utterance("Hello.", in: dir)
        do {
            _ = try await ReplayServer.with(script: ClientReplayTests.script(beta: false, turn: [])) { port in
                var options = VoiceClientOptions()
                options.inputs = [input]
                options.codec = "opus"
                return try await VoiceClient(options: options, endpoint: .local(port: port), output: .quietForTests()).run()
            }
            Issue.record("opus needs the server's grant")
        } catch let error as FoundryError {
            #expect(error.exitCode == ExitStatus.usage)
            #expect(error.message.hasSuffix("did not grant foundry's Opus transport (only foundry voice serve has it)"))
        }
    }
}
