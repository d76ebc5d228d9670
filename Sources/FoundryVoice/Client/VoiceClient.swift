import Foundation
import FoundryAudio
import FoundryCore

/// `foundry voice`: sends audio turns through a realtime session and measures each turn.
public struct VoiceClient: Sendable {
    public let options: VoiceClientOptions
    public let endpoint: RealtimeEndpoint
    public let output: Output

    public init(options: VoiceClientOptions, endpoint: RealtimeEndpoint, output: Output = .shared) {
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
    }

    /// Runs every turn. Whatever reply audio arrived is in the output file, which is complete and
    /// valid even when the run fails.
    public func run() async throws -> Result {
        let sources = try options.inputs.map { try AudioSource.file($0, pacing: options.fast ? .fast : .realTime) }
        let sinks = try makeSinks()
        let start = Stopwatch.clock.now
        let log = EventLog(enabled: options.json, start: start, output: output)
        var connection: RealtimeConnection?
        do {
            let conn = try await RealtimeConnection.open(endpoint)
            connection = conn
            let session = VoiceClientSession(connection: conn, dialect: endpoint.dialect, log: log, sinks: sinks.all)
            let receiver = Task { await session.receive() }
            let result = try await converse(session, sources: sources, playback: sinks.playback)
            await conn.close()
            _ = await receiver.value
            try await finish(sinks.all)
            return result
        } catch {
            await connection?.close()
            try? await finish(sinks.all)
            throw error
        }
    }

    private func finish(_ sinks: [any AudioSink]) async throws {
        for sink in sinks { try await sink.finish() }
    }

    private func makeSinks() throws -> (all: [any AudioSink], playback: PlaybackSink?) {
        var all: [any AudioSink] = []
        if let out = options.out {
            let lower = out.lowercased()
            if lower.hasSuffix(".ogg") || lower.hasSuffix(".opus") { all.append(try OggOpusFileSink(path: out)) }
            else if lower.hasSuffix(".wav") { all.append(try WAVFileSink(path: out)) }
            else { throw FoundryError.usage("--out '\(out)': write a .wav or an .ogg/.opus file") }
        }
        var playback: PlaybackSink?
        if let device = options.play {
            let p = try PlaybackSink(device: device)
            all.append(p)
            playback = p
        }
        return (all, playback)
    }

    /// The session: created → update → turns.
    private func converse(_ session: VoiceClientSession, sources: [AudioSource], playback: PlaybackSink?) async throws -> Result {
        try await waitFor(session, "session.created from \(endpoint.displayURL)", timeout: .seconds(15)) { await $0.session != nil }
        if let note = await session.session?.foundry?.note { output.info("foundry: \(note)") }
        var update = options.session
        update.foundry = FoundryExtension(timings: true)
        try await session.send(.sessionUpdate(update))
        try await waitFor(session, "session.updated", timeout: .seconds(15)) { await $0.sessionUpdated }
        let granted = await session.session
        let detection = granted?.turnDetection ?? .serverVAD(.defaults)
        let silenceMs: Int
        if case .serverVAD(let v) = detection { silenceMs = v.silenceDurationMs ?? 500 } else { silenceMs = 500 }
        let manual = options.manualTurns || detection == .disabled

        var failures: [String] = []
        for (index, source) in sources.enumerated() {
            let input = (options.inputs[index] as NSString).lastPathComponent
            let turn = await session.beginTurn(input)
            let sent = try await sendTurn(source, turn: turn, session: session, silenceMs: manual ? 0 : silenceMs, vad: detection, playback: playback)
            await session.stamp(turn, localSpeechEnd: sent.localSpeechEnd, lastAudioSent: sent.lastSent, inputAudioMs: sent.audioMs)
            if manual {
                try await session.send(.commit)
                try await session.send(.createResponse(instructions: nil))
            }
            try await waitForReply(session, turn: turn, localSpeech: sent.localSpeechEnd != nil)
            let t = await session.turn(turn)
            if let error = t.error { failures.append("\(input): \(error)") }
            if let fatal = await session.fatal { throw fatal }
            // A person waits for the reply to finish before speaking again (unless barging in).
            if !options.fast, options.interruptAfterMs == nil, index + 1 < sources.count, let first = t.stamps.firstAudio {
                try await Task.sleep(until: first + .milliseconds(Int(t.outputAudioMs) + 200), clock: Stopwatch.clock)
            }
        }
        var result = Result(turns: [], usage: [], model: granted?.model, foundry: granted?.foundry)
        for i in 0..<sources.count {
            let t = await session.turn(i)
            var w = t.stamps.waterfall(turn: i + 1, input: t.input)
            w.userTranscript = t.userTranscript
            w.assistantTranscript = t.assistantTranscript
            w.status = t.status ?? "incomplete"
            w.inputAudioMs = t.inputAudioMs
            w.outputAudioMs = t.outputAudioMs
            w.bargeInAtMs = t.bargeInAtMs
            result.turns.append(w)
            result.usage.append(t.usage)
        }
        if !failures.isEmpty {
            throw VoiceClientError(result: result, error: failures.count == 1 && failures[0].contains("no speech")
                ? FoundryError.failure(failures[0]) : FoundryError.provider(failures.joined(separator: "; ")))
        }
        return result
    }

    struct SentTurn {
        var localSpeechEnd: ContinuousClock.Instant?
        var lastSent: ContinuousClock.Instant?
        var audioMs: Double
    }

    /// Streams one file (paced) and, with server turn detection, enough silence after it for the
    /// server's VAD to close the turn. Runs the client's own VAD on the same frames.
    private func sendTurn(_ source: AudioSource, turn: Int, session: VoiceClientSession, silenceMs: Int, vad: TurnDetection,
                          playback: PlaybackSink?) async throws -> SentTurn {
        var settings = TurnDetection.ServerVAD.defaults
        if case .serverVAD(let v) = vad {
            settings.threshold = v.threshold ?? settings.threshold
            settings.silenceDurationMs = v.silenceDurationMs ?? settings.silenceDurationMs
        }
        var detector = VADTurnDetector(settings: settings)
        var sentAt: [ContinuousClock.Instant] = []
        var speechEnd: ContinuousClock.Instant?
        var lastSent: ContinuousClock.Instant?
        var samples = 0
        func push(_ frame: [Float]) async throws {
            try await session.send(.appendAudio(Data(PCM16.encode(frame))))
            let now = Stopwatch.clock.now
            sentAt.append(now)
            lastSent = now
            samples += frame.count
            for boundary in detector.feed(frame) {
                switch boundary {
                case .started:
                    if await session.playing != nil {
                        if let playback { _ = await playback.interrupt() }
                        _ = try await session.interrupt()
                    }
                case .stopped(let endMs, _):
                    // The user stopped speaking when the frame holding the speech's end was sent.
                    let endFrame = max(0, Int(endMs) / ProtocolAudio.frameMilliseconds)
                    if sentAt.indices.contains(endFrame) { speechEnd = sentAt[endFrame] }
                }
            }
        }
        for try await frame in source {
            try await push(Array(frame.samples))
            if let fatal = await session.fatal { throw fatal }
        }
        let audioMs = ProtocolAudio.milliseconds(samples: samples)
        // Trailing silence, paced like the audio: the server's VAD needs it to end the turn.
        if silenceMs > 0 {
            let silence = [Float](repeating: 0, count: ProtocolAudio.frameSamples)
            let frames = (silenceMs + 700) / ProtocolAudio.frameMilliseconds
            let pacer = Stopwatch.clock.now
            for i in 0..<frames {
                if !options.fast { try await Task.sleep(until: pacer + .milliseconds((i + 1) * ProtocolAudio.frameMilliseconds), clock: Stopwatch.clock) }
                if await session.turn(turn).stamps.committed != nil { break }
                try await push(silence)
            }
        }
        if detector.inSpeech, let last = lastSent { speechEnd = speechEnd ?? last }
        return SentTurn(localSpeechEnd: speechEnd, lastSent: lastSent, audioMs: audioMs)
    }

    /// Waits until the turn's response is done (or the turn is known to have failed).
    private func waitForReply(_ session: VoiceClientSession, turn: Int, localSpeech: Bool) async throws {
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
                await session.mark(turn, status: "no_speech",
                                   error: "no speech detected in '\(input)'" + (localSpeech ? "" : " (the client's VAD heard none either)"))
                return
            }
            if waited > options.replyTimeout {
                await session.mark(turn, status: "timeout", error: "no reply to '\(input)' within \(options.replyTimeout)")
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
