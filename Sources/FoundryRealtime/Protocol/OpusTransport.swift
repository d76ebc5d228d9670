import FoundryAudio
import FoundryCore

/// foundry's Opus transport (`session.foundry.codec = "opus"`, granted by `foundry voice serve`):
/// audio travels as binary WebSocket messages, one 20 ms Opus packet each (24 kHz mono, VOIP,
/// in-band FEC), prefixed with a 16-bit big-endian sequence number so the receiver sees a lost
/// packet and conceals it (FEC from the next packet, or packet loss concealment). The client's
/// audio replaces `input_audio_buffer.append`; the server's reply audio replaces
/// `response.output_audio.delta` for the response in progress. Every other event stays JSON.
public enum OpusTransport {
    public static let codec = "opus"

    /// A binary message: sequence number and packet.
    public static func message(sequence: UInt16, packet: [UInt8]) -> [UInt8] {
        header(sequence) + packet
    }

    /// A message's first two bytes: the sequence number, big-endian.
    package static func header(_ sequence: UInt16) -> [UInt8] { [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] }

    /// The sequence number and packet of a binary message, or nil when it is too short.
    public static func parse(_ bytes: [UInt8]) -> (sequence: UInt16, packet: [UInt8])? {
        guard bytes.count > 2 else { return nil }
        return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), Array(bytes[2...]))
    }

    /// The encoder both sides use: VOIP, in-band FEC tuned for `lossPercent`.
    public static func encoder(lossPercent: Int = 10) throws -> OpusEncoder {
        try OpusEncoder(OpusEncoder.Settings(inbandFEC: true, packetLossPercent: max(1, min(100, lossPercent))))
    }
}

/// Encodes a stream of samples into 20 ms packets with sequence numbers.
package final class OpusPacketizer {
    private let encoder: OpusEncoder
    private var pending: [Float] = []
    private var sequence: UInt16 = 0

    package init(lossPercent: Int = 10) throws { encoder = try OpusTransport.encoder(lossPercent: lossPercent) }

    /// The binary messages the samples complete (a partial frame waits for more). Each packet is
    /// encoded straight into its message, after the sequence number.
    package func messages(_ samples: [Float]) throws -> [[UInt8]] {
        pending += samples
        let frame = ProtocolAudio.frameSamples
        var out: [[UInt8]] = []
        var offset = 0
        while pending.count - offset >= frame {
            var message = OpusTransport.header(sequence)
            _ = try pending.withUnsafeBufferPointer { try encoder.encode(UnsafeBufferPointer(rebasing: $0[offset..<(offset + frame)]), appendingTo: &message) }
            out.append(message)
            offset += frame
            sequence &+= 1
        }
        pending.removeFirst(offset)
        return out
    }

    /// The last partial frame, padded with silence.
    package func flush() throws -> [[UInt8]] {
        guard !pending.isEmpty else { return [] }
        return try messages([Float](repeating: 0, count: ProtocolAudio.frameSamples - pending.count))
    }
}

/// Decodes sequenced packets with FoundryAudio's `OpusPacketStream` (a gap is concealed: FEC
/// from the packet after it for the last lost frame, packet loss concealment for earlier ones),
/// unwrapping the 16-bit wire sequence numbers.
package final class OpusDepacketizer {
    private var stream: OpusPacketStream
    private var last: Int?

    package init() throws { stream = try OpusPacketStream() }

    /// Frames rebuilt for lost packets.
    package var concealed: Int { stream.concealed + stream.recoveredByFEC }
    package var received: Int { stream.received }

    /// Samples for a message (and for the frames lost before it); nil for a malformed message.
    package func samples(_ bytes: [UInt8]) throws -> [Float]? {
        guard let (wire, packet) = OpusTransport.parse(bytes) else { return nil }
        // The running number nearest to the last one with these low 16 bits.
        var sequence = Int(wire)
        if let last {
            sequence = last - Int(UInt16(truncatingIfNeeded: last)) + Int(wire)
            if sequence < last - 0x8000 { sequence += 0x10000 }
        }
        var out: [Float] = []
        try stream.receive(sequence: sequence, packet: packet, appendingTo: &out)
        last = max(last ?? sequence, sequence)
        return out
    }
}
