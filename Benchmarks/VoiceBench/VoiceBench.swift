import Foundation
import FoundryAudio
import FoundryCore
import FoundryVoice

/// voice-bench: the client's added latency per frame and the local server's speech-end → first
/// audio byte with `--reply echo`, measured side by side in one run on this machine.
///
///   swift run -c release voice-bench [--turns N]
///
/// Spoken turns are synthesised with espeak-ng, sent in real time (20 ms frames) to the local
/// server in-process over a loopback WebSocket, and answered by echo (speech-to-text with
/// PocketSphinx, text-to-speech with espeak-ng).
@main
struct VoiceBench {
    static let sentences = [
        "What is the weather like in Paris today?", "Please book a table for two at seven.", "How long does it take to boil an egg?",
        "Turn off the lights in the kitchen.", "What time does the train to London leave?", "Tell me a short joke about computers.",
        "How many kilometres are there in a mile?", "Remind me to call my sister tomorrow.", "What is the capital of Australia?",
        "Play some quiet music for reading.",
    ]

    static func main() async throws {
        let arguments = CommandLine.arguments
        let turns = arguments.firstIndex(of: "--turns").flatMap { Int(arguments[$0 + 1]) } ?? 8
        let directory = NSTemporaryDirectory() + "voice-bench-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SpeechSynthesizer.shared.prepare()
        var inputs: [String] = []
        for i in 0..<turns {
            let path = directory + "/turn\(i + 1).wav"
            try await SpeechSynthesizer.shared.writeUtterance(sentences[i % sentences.count], voice: "alloy", to: path)
            inputs.append(path)
        }
        let services = try await VoiceServices.prepare(reply: .echo, model: nil, context: try Context(quiet: true))
        let timings = PipelineTimings()
        var options = VoiceClientOptions()
        options.inputs = inputs
        options.out = directory + "/replies.wav"
        options.session = RealtimeSessionConfig(transcriptionModel: "whisper-1", turnDetection: .serverVAD(.init(silenceDurationMs: 500)))
        options.pipelineTimings = timings
        let settings = options
        let quiet = Output.standard(quiet: true)
        FileHandle.standardError.write(Data("voice-bench: \(turns) turns in real time against the local server (echo)…\n".utf8))
        let result = try await LocalServer.with(services) { port in
            try await VoiceClient(options: settings, endpoint: .local(port: port), output: quiet).run()
        }
        report(result, timings: timings)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double { SampleStatistics.percentile(values, p) ?? .nan }

    static func report(_ result: VoiceClient.Result, timings: PipelineTimings) {
        let done = result.turns.filter { $0.status == .completed }
        func column(_ path: KeyPath<TurnWaterfall, Double?>) -> [Double] { done.compactMap { $0[keyPath: path] } }
        let send = timings.sendMs, receive = timings.receiveMs
        let vadToAudio = column(\.serverVADToFirstAudioMs)
        print("voice-bench: \(done.count)/\(result.turns.count) turns completed; figures in ms")
        print("")
        print("client added latency (target p99 <= 5 ms)")
        print(String(format: "  frame -> socket write      p50 %6.3f  p99 %6.3f  max %6.3f  (%d frames)  p99/target %.2f",
                     percentile(send, 50), percentile(send, 99), send.max() ?? .nan, send.count, percentile(send, 99) / 5))
        print(String(format: "  socket read -> file write  p50 %6.3f  p99 %6.3f  max %6.3f  (%d deltas)  p99/target %.2f",
                     percentile(receive, 50), percentile(receive, 99), receive.max() ?? .nan, receive.count, percentile(receive, 99) / 5))
        print("")
        print("local server, --reply echo: server VAD decision -> first audio byte at the client (target p50 <= 300 ms)")
        print(String(format: "  p50 %6.1f  p95 %6.1f  (%d turns)  p50/target %.2f", percentile(vadToAudio, 50), percentile(vadToAudio, 95),
                     vadToAudio.count, percentile(vadToAudio, 50) / 300))
        let silence = done.compactMap(\.vadSilenceMs).first ?? 0
        print("  not included: the VAD silence window, \(silence) ms")
        for (name, path) in [("  of which STT final", \TurnWaterfall.serverSTTFinalMs), ("  reply first token", \TurnWaterfall.serverReplyFirstTokenMs),
                             ("  TTS first chunk", \TurnWaterfall.serverTTSFirstChunkMs), ("  first audio sent", \TurnWaterfall.serverFirstAudioSentMs)] {
            let v = column(path)
            print(String(format: "%@ p50 %6.1f  p95 %6.1f", name.padding(toLength: 22, withPad: " ", startingAt: 0), percentile(v, 50), percentile(v, 95)))
        }
        let voiceToVoice = column(\.firstAudioMs)
        print(String(format: "  user speech end (client VAD) -> first audio, silence window included: p50 %6.1f  p95 %6.1f",
                     percentile(voiceToVoice, 50), percentile(voiceToVoice, 95)))
    }
}
