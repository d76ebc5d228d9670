import Foundation
import FoundryAudio
import FoundryCore

/// One realtime session of the local server: the protocol state of one WebSocket connection.
/// Client events are handled in order; what the server says goes through one outbox, so its
/// events reach the socket in the order they were decided.
package actor ServerSession {
    package let services: ServerServices
    package let outbox: AsyncStream<Outgoing>.Continuation
    package let sessionID = "sess_" + ServerSession.randomID()
    package var config: RealtimeSessionConfig
    private var eventCounter = 0

    // Input audio.
    package var detector: VADTurnDetector?
    /// Where the current detector started, in ms since the session's first sample.
    package var detectorOriginMs = 0.0
    /// 24 kHz samples appended since the session started.
    package var totalSamples = 0
    /// Samples in the buffer since the last commit or clear.
    package var bufferSamples = 0
    /// The last prefix-padding's worth of audio, for the start of a detected turn.
    package var recent: [Float] = []
    package var speechItemID: String?
    package var recognizer: SpeechRecognizer?
    package var recognizerTask: Task<SpeechRecognizer, any Error>?
    package var sttResampler: Resampler?
    package var sttFeeding = false

    // Conversation and responses.
    package var items: [ConversationEntry] = []
    package var activeResponse: ActiveResponse?
    package var turnStart: ContinuousClock.Instant?
    package var turnSilenceMs: Int?
    /// Why a cancelled response was cancelled, until its `response.done` is sent.
    package var cancelReasons: [String: String] = [:]

    /// What goes out on the socket, in order.
    package enum Outgoing: Sendable {
        case text(String)
        case binary([UInt8])
    }

    // foundry's Opus transport, when the client asked for it.
    package var opusIn: OpusDepacketizer?
    package var opusOut: OpusPacketizer?

    package init(services: ServerServices, outbox: AsyncStream<Outgoing>.Continuation) {
        self.services = services
        self.outbox = outbox
        var c = services.defaults
        c.id = sessionID
        config = c
    }

    package static func randomID() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
    }

    /// Queues a server event.
    package func send(_ event: RealtimeServerEvent) {
        eventCounter += 1
        outbox.yield(.text(event.text(eventID: "event_\(sessionID.suffix(6))_\(eventCounter)")))
    }

    package func sendError(_ type: String = "invalid_request_error", code: String, _ message: String, param: String? = nil, eventID: String? = nil) {
        send(.error(RealtimeErrorInfo(type: type, code: code, message: message, param: param, eventID: eventID)))
    }

    /// The first event, and loading the recognizer while the client gets ready.
    package func start() {
        startDetector()
        let pool = services.recognizers
        recognizerTask = Task { try await pool.take() }
        send(.sessionCreated(config))
    }

    /// Ends the session: stops a running response, gives the recognizer back.
    package func close() async {
        activeResponse?.task.cancel()
        activeResponse = nil
        if let task = recognizerTask, let r = try? await task.value { services.recognizers.giveBack(r) }
        recognizerTask = nil
        outbox.finish()
    }

    /// Handles one text message from the client.
    package func handle(_ text: String) async {
        let parsed: (eventID: String?, event: RealtimeClientEvent)
        do { parsed = try RealtimeClientEvent.parse(Data(text.utf8)) } catch let e as RealtimeProtocolError {
            sendError(code: e.param == nil ? "invalid_json" : "invalid_value", e.description, param: e.param)
            return
        } catch {
            sendError(code: "invalid_json", "\(error)")
            return
        }
        let id = parsed.eventID
        switch parsed.event {
        case .sessionUpdate(let update): updateSession(update, eventID: id)
        case .appendAudio(let audio): await append(audio)
        case .commit: await commit(eventID: id)
        case .clear: clearBuffer()
        case .createItem(let item): createItem(item, eventID: id)
        case .truncateItem(let itemID, let index, let ms): truncate(itemID: itemID, contentIndex: index, audioEndMs: ms, eventID: id)
        case .deleteItem(let itemID): deleteItem(itemID, eventID: id)
        case .createResponse(let instructions):
            if activeResponse != nil {
                sendError(code: "conversation_already_has_active_response", "Conversation already has an active response", eventID: id)
            } else {
                turnStart = Stopwatch.clock.now
                turnSilenceMs = nil
                startResponse(instructions: instructions, sttFinalMs: nil)
            }
        case .cancelResponse(let responseID): cancelResponse(responseID, reason: "client_cancelled", eventID: id)
        case .clearOutputAudio:
            sendError(code: "invalid_value", "output_audio_buffer.clear applies to WebRTC and SIP sessions only", param: "type", eventID: id)
        case .other(let type):
            sendError(code: "invalid_value", "Invalid value: '\(type)'. This server does not support this client event.", param: "type", eventID: id)
        }
    }

    /// A binary message: an Opus packet when the client asked for foundry's Opus transport.
    package func handleBinary(_ bytes: [UInt8]) async {
        guard let opusIn else {
            sendError(code: "invalid_value", "binary messages are not part of the protocol; send input_audio_buffer.append events")
            return
        }
        do {
            guard let samples = try opusIn.samples(bytes) else {
                sendError(code: "invalid_value", "a binary message of \(bytes.count) bytes is not a sequenced Opus packet")
                return
            }
            await appendSamples(samples)
        } catch {
            sendError(code: "invalid_value", "an Opus packet could not be decoded: \((error as? FoundryError)?.message ?? "\(error)")")
        }
    }

    /// Reply audio: a delta event, or Opus packets with foundry's transport.
    package func sendAudio(_ ref: ContentRef, samples: [Float]) {
        if let opusOut {
            do {
                for message in try opusOut.messages(samples) { outbox.yield(.binary(message)) }
            } catch {
                sendError("server_error", code: "opus_failed", "Opus encoding failed: \(error)")
            }
        } else {
            send(.audioDelta(ref, audio: Data(PCM16.encode(samples))))
        }
    }

    /// The end of a response's audio: the last partial Opus frame.
    package func flushAudio() {
        guard let opusOut, let messages = try? opusOut.flush() else { return }
        for message in messages { outbox.yield(.binary(message)) }
    }

    private func updateSession(_ update: RealtimeSessionConfig, eventID: String?) {
        for (name, format) in [("input", update.inputFormat), ("output", update.outputFormat)] {
            if let format, format != "pcm16" {
                sendError(code: "invalid_value", "this server takes and sends audio/pcm at 24 kHz only, not \(format)",
                          param: "session.audio.\(name).format", eventID: eventID)
                return
            }
        }
        if let voice = update.voice, !services.synthesizer.knows(voice: voice) {
            sendError(code: "invalid_value", "unknown voice '\(voice)': use an OpenAI voice name or an espeak-ng voice", param: "session.audio.output.voice", eventID: eventID)
            return
        }
        var update = update
        if case .semanticVAD = update.turnDetection {
            sendError(code: "invalid_value", "semantic_vad needs a hosted model; this server detects turns with server_vad (kept unchanged)",
                      param: "session.audio.input.turn_detection", eventID: eventID)
            update.turnDetection = nil
        }
        update.id = nil
        // Grant only the extensions this server has.
        if let asked = update.foundry {
            let opus = asked.codec == OpusTransport.codec
            update.foundry = FoundryExtension(timings: asked.timings, codec: asked.codec.map { _ in opus ? OpusTransport.codec : "pcm16" })
            if opus && opusIn == nil {
                do {
                    opusIn = try OpusDepacketizer()
                    opusOut = try OpusPacketizer()
                } catch {
                    sendError("server_error", code: "opus_unavailable", "Opus is unavailable: \(error)", eventID: eventID)
                    update.foundry?.codec = "pcm16"
                }
            }
        }
        let detectionChanged = update.turnDetection != nil && update.turnDetection != config.turnDetection
        config = config.merged(with: update)
        if detectionChanged { startDetector() }
        send(.sessionUpdated(config))
    }

    /// A new detector for the session's turn detection (none when disabled).
    package func startDetector() {
        if case .serverVAD(let v) = config.turnDetection ?? .disabled {
            detector = VADTurnDetector(settings: v)
            detectorOriginMs = Double(Self.ms(totalSamples))
        } else {
            detector = nil
        }
    }
}

/// What the server remembers of one conversation item.
package struct ConversationEntry: Sendable {
    package var id: String
    package var role: ChatMessage.Role
    package var text: String
    /// Milliseconds of audio the item holds (assistant audio sent, or user audio committed).
    package var audioMs: Double
    package var transcriptPending = false
}

/// The response being generated.
package struct ActiveResponse {
    package var id: String
    package var task: Task<Void, Never>
}
