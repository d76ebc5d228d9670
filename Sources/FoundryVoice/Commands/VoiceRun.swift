import Foundation
import FoundryCore
import FoundryRealtime

/// One client run as the command shows it: the waterfalls and summary, and the usage log.
struct VoiceRun {
    let context: Context
    let options: VoiceClientOptions
    let endpoint: RealtimeEndpoint

    func run() async throws {
        let client = VoiceClient(options: options, endpoint: endpoint, output: context.output)
        let result: VoiceClient.Result
        do {
            result = try await client.run()
        } catch let failed as VoiceClientError {
            report(failed.result)
            throw failed.error
        }
        report(result)
    }

    private func report(_ result: VoiceClient.Result) {
        let log = EventLog(enabled: options.json, start: Stopwatch.clock.now, output: context.output)
        for turn in result.turns {
            if options.json { log.record("foundry.turn", turn) } else { context.output.info(turn.line) }
        }
        let completed = result.turns.filter { $0.status == .completed || $0.status == .cancelled }
        let summary = LatencySummary(completed)
        if options.json { log.record("foundry.summary", summary) } else if result.turns.count > 1 || !completed.isEmpty {
            context.output.info(summary.text)
        }
        if let opus = result.opus {
            if options.json { log.record("foundry.opus", opus) } else { context.output.info("foundry: " + opus.line) }
        }
        if let out = options.out, !options.json {
            let ms = result.turns.reduce(0) { $0 + $1.outputAudioMs }
            context.output.info(String(format: "foundry: wrote %.1f s of reply audio to %@", ms / 1000, out))
        }
        do {
            for record in try VoiceUsage.records(result, endpoint: endpoint, context: context) {
                try context.usageLog.append(record)
            }
        } catch {
            context.output.warning("could not append to the usage log: \((error as? FoundryError)?.message ?? "\(error)")")
        }
    }
}
