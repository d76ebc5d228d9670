import Foundation
import FoundryAudio
import FoundryCore
import FoundryCatalog

extension ServerSession {
    /// Starts a response to the conversation so far.
    package func startResponse(instructions: String?, sttFinalMs: Double?) {
        let responseID = "resp_" + Self.randomID()
        let start = turnStart ?? Stopwatch.clock.now
        let task = Task { await self.runResponse(id: responseID, instructions: instructions, start: start, sttFinalMs: sttFinalMs) }
        activeResponse = ActiveResponse(id: responseID, task: task)
    }

    /// `response.cancel` (or a barge-in): stops the response; it ends with `response.done` cancelled.
    package func cancelResponse(_ responseID: String?, reason: String, eventID: String?) {
        guard let active = activeResponse, responseID == nil || responseID == active.id else {
            sendError(code: "response_cancel_not_active", "Cancellation failed: no active response found", eventID: eventID)
            return
        }
        cancelReasons[active.id] = reason
        active.task.cancel()
        activeResponse = nil
    }

    /// The chat the reply source answers: instructions, then the conversation's text.
    package func messages(instructions: String?) -> [ChatMessage] {
        var m: [ChatMessage] = []
        if let system = instructions ?? config.instructions, !system.isEmpty { m.append(.system(system)) }
        for item in items where !item.text.isEmpty {
            m.append(ChatMessage(role: item.role, content: item.text))
        }
        return m
    }

    private func runResponse(id responseID: String, instructions: String?, start: ContinuousClock.Instant, sttFinalMs: Double?) async {
        let itemID = "item_" + Self.randomID()
        let wantsAudio = config.wantsAudio
        let modalities = wantsAudio ? ["audio"] : ["text"]
        let ref = ContentRef(responseID: responseID, itemID: itemID)
        let userAudioMs = items.last(where: { $0.role == .user })?.audioMs ?? 0
        let chat = messages(instructions: instructions)
        send(.responseCreated(RealtimeResponseInfo(id: responseID, status: .inProgress, outputModalities: modalities)))
        items.append(ConversationEntry(id: itemID, role: .assistant, text: "", audioMs: 0))
        let pending = RealtimeItem(id: itemID, role: "assistant", status: .inProgress)
        send(.itemAdded(pending, previousItemID: items.dropLast().last?.id))
        send(.outputItemAdded(responseID: responseID, outputIndex: 0, item: pending))
        let partType = wantsAudio ? "output_audio" : "output_text"
        send(.contentPartAdded(ref, partType: partType))

        var speech = SpeechStream(ref: ref, voice: config.voice, synthesizer: services.synthesizer)
        let (texts, continuation) = AsyncStream<String>.makeStream()
        let reply = services.reply
        let replyTask = Task { () -> Result<String, any Error> in
            defer { continuation.finish() }
            do { return .success(try await reply.reply(to: chat) { continuation.yield($0) }) } catch { return .failure(error) }
        }
        var splitter = SentenceSplitter()
        var firstToken: Double?
        var failure: String?
        do {
            for await chunk in texts {
                if firstToken == nil { firstToken = (Stopwatch.clock.now - start).millisecondsDouble }
                if wantsAudio {
                    for piece in splitter.feed(chunk) { try await speech.speak(piece, session: self, start: start) }
                } else {
                    speech.transcript += chunk
                    send(.textDelta(ref, delta: chunk))
                }
            }
            if wantsAudio, !Task.isCancelled, let rest = splitter.flush() { try await speech.speak(rest, session: self, start: start) }
            if wantsAudio, !Task.isCancelled { try await speech.finish(session: self) }
        } catch is CancellationError {
        } catch {
            failure = (error as? FoundryError)?.message ?? "\(error)"
        }
        replyTask.cancel()
        if case .failure(let error) = await replyTask.value, !Task.isCancelled {
            failure = (error as? FoundryError).map { $0.message + ($0.hint.map { "; \($0)" } ?? "") } ?? "\(error)"
        }
        let cancelled = Task.isCancelled
        let status: RealtimeStatus = cancelled ? .cancelled : failure != nil ? .failed : .completed
        let transcript = speech.transcript
        if wantsAudio {
            flushAudio()
            send(.audioDone(ref))
            send(.audioTranscriptDone(ref, transcript: transcript))
        } else {
            send(.textDone(ref, text: transcript))
        }
        send(.contentPartDone(ref, partType: partType, transcript: wantsAudio ? transcript : nil))
        let content = wantsAudio ? RealtimeItem.Content(type: "output_audio", transcript: transcript) : RealtimeItem.Content(type: "output_text", text: transcript)
        let done = RealtimeItem(id: itemID, role: "assistant", status: status == .completed ? .completed : .incomplete, content: [content])
        send(.outputItemDone(responseID: responseID, outputIndex: 0, item: done))
        send(.itemDone(done))
        if let index = items.firstIndex(where: { $0.id == itemID }) {
            items[index].text = transcript
            items[index].audioMs = speech.audioMs
        }
        if config.foundry?.timings == true {
            send(.foundryTimings(ServerTimings(responseID: responseID, vadSilenceMs: turnSilenceMs, sttFinalMs: sttFinalMs,
                                               replyFirstTokenMs: firstToken, ttsFirstChunkMs: speech.firstChunkMs,
                                               firstAudioSentMs: speech.firstAudioSentMs, reply: reply.name)))
        }
        let usage = RealtimeUsage(
            inputTextTokens: TokenEstimate.tokens(chat.map(\.content).joined(separator: "\n")),
            inputAudioTokens: Int((userAudioMs / 100).rounded()), outputTextTokens: TokenEstimate.tokens(transcript),
            outputAudioTokens: Int((speech.audioMs / 50).rounded()))
        let error = failure.map { RealtimeErrorInfo(type: "server_error", code: "reply_failed", message: $0) }
        send(.responseDone(RealtimeResponseInfo(id: responseID, status: status, statusReason: cancelled ? cancelReasons[responseID] ?? "client_cancelled" : nil,
                                                error: error, output: [done], usage: usage, outputModalities: modalities)))
        cancelReasons[responseID] = nil
        if activeResponse?.id == responseID { activeResponse = nil }
    }
}

/// Speaks a response piece by piece: synthesis, resampling to 24 kHz, audio and transcript deltas.
package struct SpeechStream {
    package let ref: ContentRef
    package let voice: String?
    package let synthesizer: SpeechSynthesizer
    package var transcript = ""
    package var audioMs = 0.0
    package var firstChunkMs: Double?
    package var firstAudioSentMs: Double?
    private var resampler: Resampler?

    package init(ref: ContentRef, voice: String?, synthesizer: SpeechSynthesizer) {
        self.ref = ref
        self.voice = voice
        self.synthesizer = synthesizer
    }

    package mutating func speak(_ piece: String, session: ServerSession, start: ContinuousClock.Instant) async throws {
        let delta = transcript.isEmpty ? piece : " " + piece
        transcript += delta
        await session.send(.audioTranscriptDelta(ref, delta: delta))
        if resampler == nil { resampler = try Resampler(from: synthesizer.sampleRate, to: ProtocolAudio.sampleRate) }
        for try await chunk in synthesizer.synthesize(piece, voice: voice) {
            try Task.checkCancellation()
            if firstChunkMs == nil { firstChunkMs = (Stopwatch.clock.now - start).millisecondsDouble }
            var out: [Float] = []
            try chunk.map(PCM16.float).withUnsafeBufferPointer { try resampler?.process($0, into: &out) }
            guard !out.isEmpty else { continue }
            await session.sendAudio(ref, samples: out)
            if firstAudioSentMs == nil { firstAudioSentMs = (Stopwatch.clock.now - start).millisecondsDouble }
            audioMs += ProtocolAudio.milliseconds(samples: out.count)
        }
        try Task.checkCancellation()
    }

    /// Sends the audio still inside the resampler's filter.
    package mutating func finish(session: ServerSession) async throws {
        guard let resampler else {
            await session.flushAudio()
            return
        }
        var out: [Float] = []
        try resampler.flush(into: &out)
        self.resampler = nil
        if !out.isEmpty { await session.sendAudio(ref, samples: out) }
        await session.flushAudio()
        audioMs += ProtocolAudio.milliseconds(samples: out.count)
    }
}
