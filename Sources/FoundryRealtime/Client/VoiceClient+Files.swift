import Foundation
import FoundryAudio
import FoundryCore

extension VoiceClient {
    /// One turn per file: the file, then (with server turn detection) silence until the server
    /// commits, or a commit and `response.create`; then the reply.
    package func fileTurns(_ sources: [AudioSource], session: VoiceClientSession, silenceMs: Int, vad detection: TurnDetection,
                   manual: Bool, playback: PlaybackSink?) async throws -> [String] {
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
            if let report = options.turnFinished { report(await session.waterfall(turn)) }
            if let fatal = await session.fatal { throw fatal }
            // A person waits for the reply to finish before speaking again (unless barging in).
            if !options.fast, options.interruptAfterMs == nil, index + 1 < sources.count, let first = t.stamps.firstAudio {
                try await Task.sleep(until: first + .milliseconds(Int(t.outputAudioMs) + 200), clock: Stopwatch.clock)
            }
        }
        return failures
    }

    package struct SentTurn {
        package var localSpeechEnd: ContinuousClock.Instant?
        package var lastSent: ContinuousClock.Instant?
        package var audioMs: Double
    }

    /// Streams one file (paced) and, with server turn detection, enough silence after it for the
    /// server's VAD to close the turn. Runs the client's own VAD on the same frames.
    package func sendTurn(_ source: AudioSource, turn: Int, session: VoiceClientSession, silenceMs: Int, vad: TurnDetection,
                          playback: PlaybackSink?) async throws -> SentTurn {
        var detector = VADTurnDetector(detection: vad)
        var sentAt: [ContinuousClock.Instant] = []
        var speechEnd: ContinuousClock.Instant?
        var lastSent: ContinuousClock.Instant?
        var samples = 0
        func push(_ frame: [Float]) async throws {
            let read = Stopwatch.clock.now
            try await session.sendAudio(frame)
            let now = Stopwatch.clock.now
            options.pipelineTimings?.recordSend((now - read).millisecondsDouble)
            sentAt.append(now)
            lastSent = now
            samples += frame.count
            for boundary in detector.feed(frame) {
                switch boundary {
                case .started:
                    try await session.bargeIn(playback: playback)
                case .stopped(let endMs, _):
                    // The user stopped speaking when the frame holding the speech's end was sent.
                    let endFrame = max(0, Int(endMs) / ProtocolAudio.frameMilliseconds)
                    if sentAt.indices.contains(endFrame) { speechEnd = sentAt[endFrame] }
                }
            }
        }
        for try await frame in source {
            try await push(frame.samples)
            if let fatal = await session.fatal { throw fatal }
        }
        let audioMs = ProtocolAudio.milliseconds(samples: samples)
        let audioEnd = lastSent
        // Trailing silence, paced like the audio: the server's VAD needs it to end the turn.
        if silenceMs > 0 {
            let silence = [Float](repeating: 0, count: ProtocolAudio.frameSamples)
            let frames = (silenceMs + 700) / ProtocolAudio.frameMilliseconds
            let pacer = Stopwatch.clock.now
            for i in 0..<frames {
                if !options.fast { try await Task.sleep(until: pacer + .milliseconds((i + 1) * ProtocolAudio.frameMilliseconds), clock: Stopwatch.clock) }
                // Done once the server has closed the segment the file ended with (a commit of an
                // earlier segment, before a pause in the file, does not count).
                if let committed = await session.turn(turn).stamps.committed, let end = audioEnd, committed >= end { break }
                try await push(silence)
            }
        }
        if detector.inSpeech, let last = lastSent { speechEnd = speechEnd ?? last }
        return SentTurn(localSpeechEnd: speechEnd, lastSent: lastSent, audioMs: audioMs)
    }

}
