import Foundation
import FoundryAudio
import FoundryCore

/// `foundry voice`: sends audio turns through a realtime session and measures each turn.
public struct VoiceClient: Sendable {
    public let options: VoiceClientOptions
    public let endpoint: RealtimeEndpoint
    public let output: Output

    public init(options: VoiceClientOptions, endpoint: RealtimeEndpoint, output: Output) {
        self.options = options
        self.endpoint = endpoint
        self.output = output
    }

    /// What a run produced: each turn's waterfall and the session's model as the server named it.
    public struct Result: Sendable {
        public var turns: [TurnWaterfall]
        public var usage: [RealtimeUsage?]
        public var model: String?
        public var foundry: FoundryExtension?
        /// What foundry's Opus transport did, when it was used.
        public var opus: OpusTransportStats?
    }

    /// Runs every turn. Whatever reply audio arrived is in the output file, which is complete and
    /// valid even when the run fails.
    public func run() async throws -> Result {
        let sources = try options.inputs.map { try AudioSource.file($0, pacing: options.fast ? .fast : .realTime) }
        let microphone = try options.microphone.map { try AudioSource.microphone(device: $0, configuration: options.alsaConfiguration) }
        let sinks = try makeSinks()
        let start = Stopwatch.clock.now
        let log = EventLog(enabled: options.json, start: start, output: output)
        var connection: RealtimeConnection?
        do {
            let conn = try await RealtimeConnection.open(endpoint)
            connection = conn
            let session = VoiceClientSession(connection: conn, dialect: endpoint.dialect, log: log, sinks: sinks.all, timings: options.pipelineTimings,
                                             transcripts: options.transcripts)
            let receiver = Task { await session.receive() }
            let result = try await converse(session, sources: sources, microphone: microphone, playback: sinks.playback)
            await conn.close()
            _ = await receiver.value
            try await finish(sinks.all)
            return result
        } catch {
            await connection?.close()
            try? await finish(sinks.all)
            if !(error is VoiceClientError), error is CancellationError || Task.isCancelled {
                throw FoundryError.interrupted("interrupted; the reply audio so far is saved")
            }
            throw error
        }
    }

    private func finish(_ sinks: [any AudioSink]) async throws {
        for sink in sinks { try await sink.finish() }
    }

    private func makeSinks() throws -> (all: [any AudioSink], playback: PlaybackSink?) {
        var all: [any AudioSink] = []
        if let out = options.out { all.append(try AudioFileSink.open(path: out)) }
        var playback: PlaybackSink?
        if let device = options.play {
            let p = try PlaybackSink(device: device, configuration: options.alsaConfiguration)
            all.append(p)
            playback = p
        }
        return (all, playback)
    }

    /// The session: created → update → turns.
    private func converse(_ session: VoiceClientSession, sources: [AudioSource], microphone: AudioSource?, playback: PlaybackSink?) async throws -> Result {
        try await waitFor(session, "session.created from \(endpoint.displayURL)", timeout: .seconds(15)) { await $0.session != nil }
        if let note = await session.session?.foundry?.note { output.info("foundry: \(note)") }
        var update = options.session
        let opus = options.codec == OpusTransport.codec
        // Hosted APIs refuse unknown session fields: foundry's extension goes to other servers only.
        if endpoint.kind == .other { update.foundry = FoundryExtension(timings: true, codec: opus ? OpusTransport.codec : nil) }
        try await session.send(.sessionUpdate(update))
        try await waitFor(session, "session.updated", timeout: .seconds(15)) { session in
            let updated = await session.sessionUpdated
            let refused = await session.refusedExtension
            return updated || refused
        }
        if await session.refusedExtension {
            // A server that names the extension as an unknown parameter gets the update without it.
            update.foundry = nil
            try await session.send(.sessionUpdate(update))
            try await waitFor(session, "session.updated", timeout: .seconds(15)) { await $0.sessionUpdated }
        }
        let granted = await session.session
        if opus {
            guard granted?.foundry?.codec == OpusTransport.codec else {
                throw FoundryError.usage("\(endpoint.displayURL) did not grant foundry's Opus transport (only foundry voice serve has it)",
                                         hint: "leave out --codec opus for this endpoint")
            }
            try await session.startOpus(lossPercent: options.lossPercent, jitterMs: options.jitterMs, seed: options.seed)
        }
        let detection = granted?.turnDetection ?? .serverVAD(.defaults)
        let silenceMs: Int
        if case .serverVAD(let v) = detection { silenceMs = v.silenceDurationMs ?? 500 } else { silenceMs = 500 }
        let manual = options.manualTurns || detection == .disabled

        var failures: [String] = []
        var interrupted = false
        do {
            if let microphone {
                try await captureTurns(microphone, session: session, vad: detection, manual: manual, playback: playback)
            } else {
                failures = try await fileTurns(sources, session: session, silenceMs: silenceMs, vad: detection, manual: manual, playback: playback)
            }
        } catch is CancellationError {
            interrupted = true
        }
        var result = Result(turns: [], usage: [], model: granted?.model, foundry: granted?.foundry, opus: await session.opusStats)
        for i in 0..<(await session.turns.count) {
            result.turns.append(await session.waterfall(i))
            result.usage.append(await session.turn(i).usage)
        }
        if interrupted { throw VoiceClientError(result: result, error: FoundryError.interrupted("interrupted; the reply audio so far is saved")) }
        if !failures.isEmpty {
            throw VoiceClientError(result: result, error: failures.count == 1 && failures[0].contains("no speech")
                ? FoundryError.failure(failures[0]) : FoundryError.provider(failures.joined(separator: "; ")))
        }
        return result
    }

    /// Waits until the turn's response is done (or the turn is known to have failed).
    package func waitForReply(_ session: VoiceClientSession, turn: Int, localSpeech: Bool) async throws {
        let begun = Stopwatch.clock.now
        let input = await session.turn(turn).input
        while true {
            let t = await session.turn(turn)
            if t.done { return }
            if let fatal = await session.fatal { throw fatal }
            if await session.closed {
                throw FoundryError.provider("the server closed the connection before answering '\(input)'")
            }
            let waited = Stopwatch.clock.now - begun
            if !t.speechStarted && t.stamps.committed == nil && waited > .seconds(2) {
                await session.mark(turn, status: .noSpeech,
                                   error: "no speech detected in '\(input)'" + (localSpeech ? "" : " (the client's VAD heard none either)"))
                return
            }
            if waited > options.replyTimeout {
                await session.mark(turn, status: .timeout, error: "no reply to '\(input)' within \(options.replyTimeout)")
                return
            }
            if let after = options.interruptAfterMs, let first = t.stamps.firstAudio, Stopwatch.clock.now - first > .milliseconds(after) {
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func waitFor(_ session: VoiceClientSession, _ what: String, timeout: Duration,
                         _ condition: (VoiceClientSession) async -> Bool) async throws {
        let begun = Stopwatch.clock.now
        while !(await condition(session)) {
            if let fatal = await session.fatal { throw fatal }
            if await session.closed { throw FoundryError.provider("the server closed the connection before \(what)") }
            if Stopwatch.clock.now - begun > timeout { throw FoundryError.provider("no \(what) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A failed run that still has turns to report.
public struct VoiceClientError: Error, Sendable {
    public var result: VoiceClient.Result
    public var error: FoundryError
}
