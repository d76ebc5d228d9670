import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
@testable import FoundryRealtime
@testable import FoundryVoice
import FoundryCatalog

/// What a voice run appends to the usage log, and how cost prices it.
@Suite struct VoiceUsageTests {
    @Test func hostedTurnsArePricedWithTheCatalogsAudioPrices() throws {
        let home = try TestEnvironment.temporaryDirectory()
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config"])
        var turn = TurnWaterfall(turn: 1, input: "q.wav")
        turn.firstAudioMs = 900
        turn.responseDoneMs = 1500
        turn.inputAudioMs = 3000
        turn.outputAudioMs = 4550
        let usage = RealtimeUsage(inputTextTokens: 119, inputAudioTokens: 13, outputTextTokens: 30, outputAudioTokens: 91)
        let result = VoiceClient.Result(turns: [turn], usage: [usage], model: "gpt-realtime-2025-08-28", foundry: nil)
        let endpoint = RealtimeEndpoint(url: "wss://api.openai.com/v1/realtime?model=gpt-realtime", kind: .openAI, dialect: .ga, headers: [:], model: "gpt-realtime")
        let records = try VoiceUsage.records(result, endpoint: endpoint, context: context)
        let record = try #require(records.first)
        #expect(record.modelID == "openai/gpt-realtime" && record.provider == "openai" && record.source == "voice")
        #expect(record.audioInputTokens == 13 && record.audioOutputTokens == 91)
        #expect(record.audioInputSeconds == 3 && record.audioOutputSeconds == 4.55)
        let prices = try Catalog.embedded().entry(named: "openai/gpt-realtime").prices
        let expected = CostCalculator.cost(BillableTokens(input: 119, output: 30, audioInput: 13, audioOutput: 91), prices: prices).usd
        #expect(record.costUSD == expected && expected > 0)
    }

    @Test func withoutServerCountsAudioTokensFollowThePublishedRates() throws {
        let home = try TestEnvironment.temporaryDirectory()
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config"])
        var turn = TurnWaterfall(turn: 1, input: "q.wav")
        turn.responseDoneMs = 800
        turn.inputAudioMs = 60_000
        turn.outputAudioMs = 30_000
        let result = VoiceClient.Result(turns: [turn], usage: [nil], model: "foundry-local-echo", foundry: FoundryExtension(reply: "echo"))
        let endpoint = RealtimeEndpoint(url: "ws://127.0.0.1:1/v1/realtime", kind: .other, dialect: .ga, headers: [:], model: nil)
        let record = try #require(try VoiceUsage.records(result, endpoint: endpoint, context: context).first)
        #expect(record.audioInputTokens == 600 && record.audioOutputTokens == 600)
        #expect(record.modelID == "local/voice-echo" && record.costUSD == 0)
    }

    @Test func aConfigOverrideOfTheRealtimePricesPricesVoiceAsItPricesCost() throws {
        let home = try TestEnvironment.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/config/foundry", withIntermediateDirectories: true)
        try """
            [overrides."openai/gpt-realtime"]
            prices = { input = 1.0, output = 2.0, audio_input = 10.0, audio_output = 20.0 }
            """.write(toFile: home + "/config/foundry/config.toml", atomically: true, encoding: .utf8)
        let context = try Context(environment: ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config"])
        var turn = TurnWaterfall(turn: 1, input: "q.wav")
        turn.responseDoneMs = 800
        let usage = RealtimeUsage(inputTextTokens: 1_000, inputAudioTokens: 1_000, outputTextTokens: 1_000, outputAudioTokens: 1_000)
        let result = VoiceClient.Result(turns: [turn], usage: [usage], model: "gpt-realtime", foundry: nil)
        let endpoint = RealtimeEndpoint(url: "wss://api.openai.com/v1/realtime?model=gpt-realtime", kind: .openAI, dialect: .ga, headers: [:], model: "gpt-realtime")
        let record = try #require(try VoiceUsage.records(result, endpoint: endpoint, context: context, source: "bench").first)
        // 1,000 tokens each at $1, $2, $10 and $20 per million.
        #expect(abs((record.costUSD ?? 0) - 0.033) < 1e-9, "\(record.costUSD ?? -1)")
        #expect(record.source == "bench")
    }
}
