import FoundryCore

/// A provider's response body decoded offline, exactly as a call decodes it while it streams:
/// server-sent events through `SSEParser`, each event's data through the wire format's decoder
/// (`ChatStreamReading`). Used by the fuzz targets; bytes arrive in pieces of `piece` bytes, as
/// reads split them.
package enum RecordedStream {
    package enum Format: String, CaseIterable, Sendable {
        /// OpenAI's chat completions stream (OpenAI, Azure OpenAI, vLLM, llama.cpp, `run serve`).
        case openAI = "openai"
        case anthropic
    }

    /// What decoding produced: the chat events, and the error that ended it, if any.
    package struct Outcome {
        package var events: [ChatEvent] = []
        package var error: (any Error)?
        package var done = false

        package init(events: [ChatEvent] = [], error: (any Error)? = nil, done: Bool = false) {
            self.events = events
            self.error = error
            self.done = done
        }
    }

    static let call = StreamingCall(provider: "fuzz", model: "fuzz", timeouts: Timeouts(), keyVariable: nil)

    static func decoder(_ format: Format) -> any ChatStreamDecoder {
        switch format {
        case .openAI: OpenAIChatWire.Decoder(call: call)
        case .anthropic: AnthropicStreamDecoder(call: call)
        }
    }

    /// Decodes a response body (server-sent events) with `format`'s decoder.
    package static func decodeBody(_ body: [UInt8], format: Format, piece: Int = 4096) -> Outcome {
        var reading = ChatStreamReading(call: call, decoder: decoder(format))
        _ = reading.received(status: 200, headers: [:])
        var parser = SSEParser()
        var outcome = Outcome()
        var start = 0
        while start < body.count, outcome.error == nil {
            let end = min(body.count, start + max(1, piece))
            for event in parser.feed(body[start..<end]) {
                do { outcome.events += try reading.decode(event.data) } catch {
                    outcome.error = error
                    break
                }
            }
            start = end
        }
        outcome.done = reading.done
        return outcome
    }
}
