import Foundation
import FoundryCore

/// `--json`: every protocol event, in both directions, as one JSON line with its time in
/// milliseconds since the session began. Audio payloads are replaced by their size.
package struct EventLog: Sendable {
    package let enabled: Bool
    package let start: ContinuousClock.Instant
    package let output: Output

    package init(enabled: Bool, start: ContinuousClock.Instant, output: Output) {
        self.enabled = enabled
        self.start = start
        self.output = output
    }

    package func received(_ value: JSONValue, at instant: ContinuousClock.Instant) {
        guard enabled else { return }
        write(direction: "received", event: Self.elideAudio(value), at: instant)
    }

    package func sent(_ value: JSONValue, at instant: ContinuousClock.Instant = Stopwatch.clock.now) {
        guard enabled else { return }
        write(direction: "sent", event: Self.elideAudio(value), at: instant)
    }

    /// An Opus packet of foundry's transport.
    package func sentBinary(_ bytes: [UInt8]) { binary("sent", bytes, at: Stopwatch.clock.now) }
    package func receivedBinary(_ bytes: [UInt8], at instant: ContinuousClock.Instant) { binary("received", bytes, at: instant) }

    private func binary(_ direction: String, _ bytes: [UInt8], at instant: ContinuousClock.Instant) {
        guard enabled, let (sequence, packet) = OpusTransport.parse(bytes) else { return }
        let line = JSONValue.object(["t_ms": .number(Self.round((instant - start).millisecondsDouble)), "direction": .string(direction),
                                     "opus_packet": .object(["sequence": .number(Double(sequence)), "bytes": .number(Double(packet.count))])])
        output.line(line.jsonString)
    }

    /// foundry's own records (turn waterfalls, the summary).
    package func record(_ type: String, _ value: some Encodable) {
        guard enabled, let object = try? JSONDecoder().decode(JSONValue.self, from: JSONCoding.data(value)).objectValue else { return }
        var o = object
        o["type"] = .string(type)
        o["t_ms"] = .number(Self.round((Stopwatch.clock.now - start).millisecondsDouble))
        output.line(JSONValue.object(o).jsonString)
    }

    private func write(direction: String, event: JSONValue, at instant: ContinuousClock.Instant) {
        let line = JSONValue.object(["t_ms": .number(Self.round((instant - start).millisecondsDouble)), "direction": .string(direction), "event": event])
        output.line(line.jsonString)
    }

    package static func round(_ v: Double) -> Double { (v * 10).rounded() / 10 }

    /// Audio fields (`delta` of audio deltas, `audio` of appends) become `<field>_bytes`.
    package static func elideAudio(_ value: JSONValue) -> JSONValue {
        guard var o = value.objectValue, let type = o["type"]?.stringValue else { return value }
        let field: String? = type.hasSuffix("audio.delta") ? "delta" : type == "input_audio_buffer.append" ? "audio" : nil
        if let field, let b64 = o[field]?.stringValue {
            o[field] = nil
            o[field + "_bytes"] = .number(Double(Data(base64Encoded: b64)?.count ?? 0))
        }
        return .object(o)
    }
}
