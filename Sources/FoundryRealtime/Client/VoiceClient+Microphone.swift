import Foundation
import FoundryAudio
import FoundryCore
import Synchronization

extension VoiceClient {
    /// Microphone turns: capture runs continuously; the client's VAD opens a turn when the user
    /// starts speaking (interrupting a reply that plays) and stamps where the speech ended; the
    /// server's VAD (or Enter, with --ptt) ends it. Stops after `--seconds` or on Ctrl-C.
    package func captureTurns(_ source: AudioSource, session: VoiceClientSession, vad detection: TurnDetection, manual: Bool,
                      playback: PlaybackSink?) async throws {
        var detector = VADTurnDetector(detection: detection)
        let deadline = options.seconds.map { Stopwatch.clock.now + .milliseconds(Int($0 * 1000)) }
        let enter = manual ? PushToTalk() : nil
        if manual { output.info("foundry: push-to-talk: press Enter to end each turn") }
        var turn: Int?
        var count = 0
        // When each recent frame was sent, to stamp the end of speech found a silence window later.
        var sentAt: [Int: ContinuousClock.Instant] = [:]
        var frames = 0
        var turnSamples = 0
        for try await frame in source {
            try Task.checkCancellation()
            let read = Stopwatch.clock.now
            try await session.sendAudio(frame.samples)
            let now = Stopwatch.clock.now
            options.pipelineTimings?.recordSend((now - read).millisecondsDouble)
            sentAt[frames] = now
            sentAt[frames - 600] = nil
            frames += 1
            turnSamples += frame.samples.count
            for boundary in detector.feed(frame.samples) {
                switch boundary {
                case .started:
                    try await session.bargeIn(playback: playback)
                    var open: ClientTurn?
                    if let t = turn { open = await session.turn(t) }
                    if open == nil || open?.done == true || open?.responseID != nil {
                        count += 1
                        turn = await session.beginTurn("microphone turn \(count)")
                        turnSamples = frame.samples.count
                    }
                case .stopped(let endMs, _):
                    if let t = turn {
                        await session.stamp(t, localSpeechEnd: sentAt[Int(endMs) / ProtocolAudio.frameMilliseconds], lastAudioSent: now,
                                            inputAudioMs: ProtocolAudio.milliseconds(samples: turnSamples))
                    }
                }
            }
            if let enter, enter.take() {
                if turn == nil {
                    count += 1
                    turn = await session.beginTurn("microphone turn \(count)")
                }
                if let t = turn {
                    await session.stamp(t, localSpeechEnd: nil, lastAudioSent: now, inputAudioMs: ProtocolAudio.milliseconds(samples: turnSamples))
                }
                try await session.send(.commit)
                try await session.send(.createResponse(instructions: nil))
                turn = nil
                turnSamples = 0
            }
            if let fatal = await session.fatal { throw fatal }
            if let deadline, now >= deadline { break }
        }
        // The last turn's reply, if the user had spoken.
        if let t = turn, await session.turn(t).speechStarted {
            try await waitForReply(session, turn: t, localSpeech: true)
        }
    }
}

/// Enter presses on standard input, counted by a reader thread.
package final class PushToTalk: Sendable {
    private let pressed = Atomic<Int>(0)

    package init() {
        Thread { [self] in
            while readLine() != nil { self.pressed.add(1, ordering: .relaxed) }
        }.start()
    }

    /// Whether Enter was pressed since the last call.
    package func take() -> Bool { pressed.exchange(0, ordering: .relaxed) > 0 }
}
