import Foundation
import FoundryAudio
import FoundryCore

/// The client side of one realtime session: reacts to the server's events (transcripts on
/// stdout, audio to the sinks, latency stamps) and keeps each turn's state.
package actor VoiceClientSession {
    package let connection: RealtimeConnection
    package let dialect: RealtimeDialect
    package let log: EventLog
    package let output: Output
    package let sinks: [any AudioSink]
    package var turns: [ClientTurn] = []
    /// The turn new server events belong to.
    package var current: Int?
    package var session: RealtimeSessionConfig?
    package var sessionUpdated = false
    /// An error after which the session cannot continue.
    package var fatal: FoundryError?
    package var closed = false
    /// The server refused `session.foundry` (an unknown parameter to it).
    package var refusedExtension = false
    package var warnings: [String] = []
    private var assistantLineOpen = false
    private var pendingUserLines: [String] = []
    private var responseTurn: [String: Int] = [:]
    private var itemTurn: [String: Int] = [:]
    /// The response being received: its item and the audio received for it.
    package var playing: (responseID: String, itemID: String, audioMs: Double, firstAudio: ContinuousClock.Instant)?
    private var ignoreCancelError = false
    /// foundry's Opus transport, once granted.
    package var opus: ClientOpus?
    /// Where Opus audio from the server belongs: the content part in progress.
    package var currentAudioRef: ContentRef?

    package let timings: PipelineTimings?
    /// Transcripts go to stdout (not with --json, which logs the events instead).
    package let transcripts: Bool

    package init(connection: RealtimeConnection, dialect: RealtimeDialect, log: EventLog, sinks: [any AudioSink], timings: PipelineTimings? = nil,
         transcripts: Bool = true) {
        self.timings = timings
        self.transcripts = transcripts && !log.enabled
        self.connection = connection
        self.dialect = dialect
        self.log = log
        self.output = log.output
        self.sinks = sinks
    }

    // MARK: Sending

    package func send(_ event: RealtimeClientEvent) async throws {
        let value = event.jsonValue(dialect: dialect)
        log.sent(value)
        do { try await connection.send(value.jsonString) } catch {
            // The server closed first: its reason (read by the receiver) explains more than the write error.
            for _ in 0..<40 where fatal == nil && !closed { try? await Task.sleep(for: .milliseconds(5)) }
            throw fatal ?? FoundryError.provider("the connection closed while sending \(event.type)")
        }
    }

    // MARK: Turns

    package func beginTurn(_ input: String) -> Int {
        turns.append(ClientTurn(input: input))
        current = turns.count - 1
        turns[turns.count - 1].stamps.userAudioStart = Stopwatch.clock.now
        return turns.count - 1
    }

    package func stamp(_ turn: Int, localSpeechEnd: ContinuousClock.Instant?, lastAudioSent: ContinuousClock.Instant?, inputAudioMs: Double) {
        guard turns.indices.contains(turn) else { return }
        if let localSpeechEnd { turns[turn].stamps.localSpeechEnd = localSpeechEnd }
        if let lastAudioSent { turns[turn].stamps.lastAudioSent = lastAudioSent }
        turns[turn].inputAudioMs = inputAudioMs
    }

    package func mark(_ turn: Int, status: RealtimeStatus, error: String?) {
        guard turns.indices.contains(turn), !turns[turn].done else { return }
        turns[turn].status = status
        turns[turn].error = error
    }

    package func turn(_ index: Int) -> ClientTurn { turns[index] }

    /// The turn's latency waterfall and what was said, as reported.
    package func waterfall(_ index: Int) -> TurnWaterfall {
        let t = turns[index]
        var w = t.stamps.waterfall(turn: index + 1, input: t.input)
        w.userTranscript = t.userTranscript
        w.assistantTranscript = t.assistantTranscript
        w.status = t.status ?? .incomplete
        w.inputAudioMs = t.inputAudioMs
        w.outputAudioMs = t.outputAudioMs
        w.bargeInAtMs = t.bargeInAtMs
        return w
    }

    /// Barge-in: the user speaks while a reply plays. Stops it on the server and tells the server
    /// how much of the reply was heard. Returns the played milliseconds, or nil when nothing played.
    package func interrupt() async throws -> Int? {
        guard let p = playing else { return nil }
        playing = nil
        let elapsed = (Stopwatch.clock.now - p.firstAudio).millisecondsDouble
        // Without a speaker the reply "plays" from its first byte, in real time.
        guard elapsed < p.audioMs else { return nil }
        let played = Int(elapsed.rounded())
        if let turn = responseTurn[p.responseID] { turns[turn].bargeInAtMs = played }
        if let turn = responseTurn[p.responseID], turns[turn].stamps.responseDone == nil {
            ignoreCancelError = true
            try await send(.cancelResponse(responseID: p.responseID))
        }
        try await send(.truncateItem(itemID: p.itemID, contentIndex: 0, audioEndMs: played))
        endAssistantLine()
        output.info("foundry: barge-in: reply cut after \(played) ms of audio")
        return played
    }

    /// The client's VAD heard the user start speaking: a reply that plays stops at once on the
    /// speaker, then on the server (`interrupt()`).
    package func bargeIn(playback: PlaybackSink?) async throws {
        guard playing != nil else { return }
        if let playback { _ = await playback.interrupt() }
        _ = try await interrupt()
    }

    // MARK: Receiving

    /// Handles everything the server sends until the socket closes.
    package func receive() async {
        for await incoming in connection.incoming {
            switch incoming {
            case .text(let text, let at):
                // One parse serves the --json log and the event.
                do {
                    let json = try RealtimeServerEvent.json(Data(text.utf8))
                    log.received(json, at: at)
                    handle(try RealtimeServerEvent.parse(json: json), at: at)
                } catch {
                    warn("the server sent a malformed event: \(error)")
                }
            case .binary(let bytes, let at):
                receiveBinary(bytes, at: at)
            case .closed(let code, let reason):
                closed = true
                if fatal == nil, let index = current, !turns[index].done {
                    let why = [code.map { "code \($0)" }, reason.flatMap { $0.isEmpty ? nil : $0 }].compactMap { $0 }.joined(separator: ": ")
                    fatal = FoundryError.provider("the server closed the connection in the middle of a turn" + (why.isEmpty ? "" : " (\(why))"))
                }
            case .failed(let message):
                closed = true
                if fatal == nil { fatal = FoundryError.provider("the connection failed: \(message)") }
            }
        }
        closed = true
        endAssistantLine()
    }

    package func warn(_ message: String) {
        warnings.append(message)
        output.warning(message)
    }

    /// The turn a response belongs to, while it is that turn's current response (events of an
    /// earlier segment's cancelled response are not stamped on the next one).
    private func turnFor(response id: String) -> Int? {
        guard let t = responseTurn[id], turns[t].responseID == id else { return nil }
        return t
    }

    private func handle(_ message: RealtimeServerMessage, at: ContinuousClock.Instant) {
        switch message.event {
        case .sessionCreated(let s): session = s
        case .sessionUpdated(let s):
            session = s
            sessionUpdated = true
        case .speechStarted(_, let itemID):
            if let c = current {
                if turns[c].stamps.committed != nil { turns[c].beginNextSegment() }
                turns[c].speechStarted = true
                if !itemID.isEmpty { itemTurn[itemID] = c }
            }
        case .speechStopped(_, let itemID):
            if let c = current, turns[c].stamps.serverSpeechStopped == nil {
                turns[c].stamps.serverSpeechStopped = at
                if !itemID.isEmpty { itemTurn[itemID] = c }
            }
        case .inputCommitted(let itemID, _):
            if let c = current, turns[c].stamps.committed == nil {
                turns[c].stamps.committed = at
                turns[c].itemID = itemID
                itemTurn[itemID] = c
            }
        case .inputTranscriptionCompleted(let itemID, let transcript):
            if let t = itemTurn[itemID] ?? current { turns[t].userTranscript = transcript }
            userLine(transcript.isEmpty ? "(nothing recognised)" : transcript)
        case .inputTranscriptionFailed(_, let error):
            warn("the server could not transcribe the user's audio: \(error)")
        case .responseCreated(let r):
            if let c = current, turns[c].responseID == nil {
                turns[c].responseID = r.id
                turns[c].stamps.responseCreated = at
                responseTurn[r.id] = c
            }
        case .audioTranscriptDelta(let ref, let delta), .textDelta(let ref, let delta):
            guard let t = turnFor(response: ref.responseID) else { return }
            if turns[t].stamps.firstText == nil { turns[t].stamps.firstText = at }
            turns[t].assistantTranscript += delta
            assistantText(delta)
        case .contentPartAdded(let ref, _):
            currentAudioRef = ref
        case .audioDelta(let ref, let audio):
            receivedAudio(ref, pcm: audio, at: at)
        case .foundryTimings(let timings):
            if let t = turnFor(response: timings.responseID) { turns[t].stamps.server = timings }
        case .responseDone(let r):
            if playing?.responseID == r.id && r.status != .completed { playing = nil }
            endAssistantLine()
            guard let t = turnFor(response: r.id) else { return }
            turns[t].stamps.responseDone = at
            turns[t].usage = r.usage
            if turns[t].status == nil {
                turns[t].status = r.status
                if r.status == .failed {
                    turns[t].error = r.error.map { $0.message.isEmpty ? $0.description : $0.message } ?? "the server reported the response failed"
                }
            }
        case .error(let info):
            if info.code == "response_cancel_not_active" && ignoreCancelError {
                ignoreCancelError = false
                return
            }
            if !sessionUpdated, !refusedExtension, info.param?.contains("foundry") == true {
                refusedExtension = true
                return
            }
            if !sessionUpdated && !info.endsSession {
                if fatal == nil { fatal = FoundryError.provider("the server refused the session settings: \(info)") }
            } else if info.endsSession {
                if fatal == nil { fatal = FoundryError.provider("the server ended the session: \(info)") }
            } else {
                warn("server error: \(info)")
                if let c = current, !turns[c].done, info.code == "input_audio_buffer_commit_empty" {
                    turns[c].status = .noSpeech
                    turns[c].error = info.message
                }
            }
        default:
            break
        }
    }

    /// Reply audio (from a delta event or Opus packets): stamps, sinks, what is playing.
    package func receivedAudio<Bytes: Collection<UInt8>>(_ ref: ContentRef, pcm audio: Bytes, at: ContinuousClock.Instant) {
        guard let t = turnFor(response: ref.responseID) else { return }
        if turns[t].stamps.firstAudio == nil { turns[t].stamps.firstAudio = at }
        turns[t].stamps.lastAudio = at
        let ms = Double(audio.count / 2) * 1000 / Double(ProtocolAudio.sampleRate)
        turns[t].outputAudioMs += ms
        if playing?.responseID == ref.responseID { playing?.audioMs += ms } else if turns[t].status == nil {
            playing = (ref.responseID, ref.itemID, ms, at)
        }
        for sink in sinks {
            do { try sink.write(pcm16: audio) } catch {
                if fatal == nil { fatal = FoundryError.failure("cannot write reply audio to \(sink.name): \((error as? FoundryError)?.message ?? "\(error)")") }
            }
        }
        timings?.recordReceive((Stopwatch.clock.now - at).millisecondsDouble)
    }

    // MARK: Transcripts on stdout

    private func userLine(_ text: String) {
        guard transcripts else { return }
        if assistantLineOpen { pendingUserLines.append(text) } else { output.line("you: " + text) }
    }

    private func assistantText(_ delta: String) {
        guard transcripts else { return }
        if !assistantLineOpen {
            output.write("assistant: ")
            assistantLineOpen = true
        }
        output.write(delta)
    }

    package func endAssistantLine() {
        guard transcripts else { return }
        if assistantLineOpen {
            output.line()
            assistantLineOpen = false
        }
        for line in pendingUserLines { output.line("you: " + line) }
        pendingUserLines.removeAll()
    }
}
