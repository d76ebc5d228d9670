import Foundation
import FoundryAudio
import FoundryCore

extension ServerSession {
    package static let sampleRate = ProtocolAudio.sampleRate

    package static func ms(_ samples: Int) -> Int { Int((Double(samples) * 1000 / Double(sampleRate)).rounded()) }

    package var vadSettings: TurnDetection.ServerVAD? {
        if case .serverVAD(let v) = config.turnDetection ?? .disabled { return v }
        return nil
    }

    /// `input_audio_buffer.append`: feeds turn detection and, while the user speaks (or always,
    /// without turn detection), the recognizer.
    package func append(_ audio: Data) async {
        await appendSamples(PCM16.decode(audio))
    }

    /// Appended audio, from events or Opus packets.
    package func appendSamples(_ samples: [Float]) async {
        guard !samples.isEmpty else { return }
        totalSamples += samples.count
        bufferSamples += samples.count
        guard var detector else {
            await feedRecognizer(samples)
            return
        }
        let boundaries = detector.feed(samples)
        self.detector = detector
        let prefix = ProtocolAudio.samples(milliseconds: Double(vadSettings?.prefixPaddingMs ?? 300))
        var fedThisChunk = false
        for boundary in boundaries {
            switch boundary {
            case .started(let atMs):
                let itemID = "item_" + Self.randomID()
                speechItemID = itemID
                // Milliseconds since the session's first sample (the detector restarts with new settings).
                let startMs = detectorOriginMs + atMs - Double(vadSettings?.prefixPaddingMs ?? 300)
                send(.speechStarted(audioStartMs: Int(max(0, startMs).rounded()), itemID: itemID))
                if let active = activeResponse, vadSettings?.interruptResponse ?? true {
                    cancelResponse(active.id, reason: "turn_detected", eventID: nil)
                }
                // The turn's audio starts with the prefix padding held back before it.
                await feedRecognizer(recent + samples)
                fedThisChunk = true
            case .stopped(_, let decidedAtMs):
                let itemID = speechItemID ?? "item_" + Self.randomID()
                speechItemID = nil
                send(.speechStopped(audioEndMs: Int((detectorOriginMs + decidedAtMs).rounded()), itemID: itemID))
                await commitTurn(itemID: itemID, silenceMs: vadSettings?.silenceDurationMs ?? 500,
                                 createResponse: vadSettings?.createResponse ?? true)
            }
        }
        if detector.inSpeech && !fedThisChunk && speechItemID != nil { await feedRecognizer(samples) }
        recent.append(contentsOf: samples)
        if recent.count > prefix { recent.removeFirst(recent.count - prefix) }
    }

    /// Resamples to 16 kHz and queues the audio on the recognizer.
    package func feedRecognizer(_ samples: [Float]) async {
        guard let recognizer = await loadedRecognizer() else { return }
        do {
            if sttResampler == nil { sttResampler = try Resampler(from: Self.sampleRate, to: SpeechRecognizer.sampleRate) }
            var out: [Float] = []
            try samples.withUnsafeBufferPointer { try sttResampler?.process($0, into: &out) }
            recognizer.feed(out.map(PCM16.sample))
            sttFeeding = true
        } catch {
            sendError("server_error", code: "transcription_failed", "resampling for speech recognition failed: \(error)")
        }
    }

    /// The session's recognizer, loaded in the background since the session began.
    package func loadedRecognizer() async -> SpeechRecognizer? {
        if let recognizer { return recognizer }
        guard let task = recognizerTask else { return nil }
        do {
            let r = try await task.value
            recognizer = r
            return r
        } catch {
            recognizerTask = nil
            sendError("server_error", code: "transcription_unavailable", "speech recognition is unavailable: \((error as? FoundryError)?.message ?? "\(error)")")
            return nil
        }
    }

    /// The final transcript of the audio fed since the last turn.
    package func finishRecognizer() async -> String {
        guard sttFeeding, let recognizer = await loadedRecognizer() else { return "" }
        if let resampler = sttResampler {
            var tail: [Float] = []
            try? resampler.flush(into: &tail)
            recognizer.feed(tail.map(PCM16.sample))
        }
        sttResampler = nil
        sttFeeding = false
        return await recognizer.finish()
    }

    /// `input_audio_buffer.commit`.
    package func commit(eventID: String?) async {
        let minimum = ProtocolAudio.samples(milliseconds: 100)
        guard bufferSamples >= minimum else {
            sendError(code: "input_audio_buffer_commit_empty",
                      "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has \(Self.ms(bufferSamples)).00ms of audio.",
                      eventID: eventID)
            return
        }
        let itemID = speechItemID ?? "item_" + Self.randomID()
        speechItemID = nil
        if detector != nil { startDetector() }
        await commitTurn(itemID: itemID, silenceMs: nil, createResponse: false)
    }

    /// Commits the buffer as a user item, transcribes it and, when asked, answers it.
    package func commitTurn(itemID: String, silenceMs: Int?, createResponse: Bool) async {
        turnStart = Stopwatch.clock.now
        turnSilenceMs = silenceMs
        send(.inputCommitted(itemID: itemID, previousItemID: items.last?.id))
        let audioMs = Double(Self.ms(bufferSamples))
        bufferSamples = 0
        items.append(ConversationEntry(id: itemID, role: .user, text: "", audioMs: audioMs, transcriptPending: true))
        send(.itemAdded(RealtimeItem(id: itemID, role: "user", status: .completed, content: [.init(type: "input_audio")]),
                        previousItemID: items.dropLast().last?.id))
        let transcript = await finishRecognizer()
        let sttMs = turnStart.map { (Stopwatch.clock.now - $0).millisecondsDouble }
        if let index = items.firstIndex(where: { $0.id == itemID }) {
            items[index].text = transcript
            items[index].transcriptPending = false
        }
        if let model = config.transcriptionModel, !model.isEmpty {
            if !transcript.isEmpty { send(.inputTranscriptionDelta(itemID: itemID, delta: transcript)) }
            send(.inputTranscriptionCompleted(itemID: itemID, transcript: transcript))
        }
        send(.itemDone(RealtimeItem(id: itemID, role: "user", status: .completed, content: [.init(type: "input_audio", transcript: transcript)])))
        if createResponse && activeResponse == nil { startResponse(instructions: nil, sttFinalMs: sttMs) }
    }

    /// `input_audio_buffer.clear`.
    package func clearBuffer() {
        bufferSamples = 0
        speechItemID = nil
        recognizer?.reset()
        sttResampler = nil
        sttFeeding = false
        if detector != nil { startDetector() }
        send(.inputCleared)
    }
}
