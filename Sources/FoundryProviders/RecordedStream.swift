import FoundryCore

/// A provider's response body decoded offline, exactly as a call decodes it while it streams:
/// server-sent events through `SSEParser`, each event's data through the wire format's decoder
/// (`ChatStreamReading`). Used by the fuzz targets; bytes arrive in pieces of `piece` bytes, as
/// reads split them.
package enum RecordedStream {
    package enum Format: Sendable {
        /// OpenAI's chat completions stream (OpenAI, Azure OpenAI, vLLM, llama.cpp, `run serve`).
        case openAI
        case anthropic
    }

    static let call = StreamingCall(provider: "fuzz", model: "fuzz", timeouts: Timeouts(), keyVariable: nil)

    static func decoder(_ format: Format) -> any ChatStreamDecoder {
        switch format {
        case .openAI: OpenAIChatWire.Decoder(call: call)
        case .anthropic: AnthropicStreamDecoder(call: call)
        }
    }

    /// The chat events a response body (server-sent events) decodes to with `format`'s decoder,
    /// up to the first event a call would fail on.
    package static func decodeBody(_ body: [UInt8], format: Format, piece: Int = 4096) -> [ChatEvent] {
        var reading = ChatStreamReading(call: call, decoder: decoder(format))
        _ = reading.received(status: 200, headers: [:])
        var parser = SSEParser()
        var events: [ChatEvent] = []
        for start in stride(from: 0, to: body.count, by: max(1, piece)) {
            for event in parser.feed(body[start..<min(body.count, start + max(1, piece))]) {
                guard let decoded = try? reading.decode(event.data) else { return events }
                events += decoded
            }
        }
        return events
    }
}
