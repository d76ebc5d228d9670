import COpus
import Foundation
import FoundryCore

/// libopus decoder for 20 ms mono packets, with loss handling: a lost packet is rebuilt from the
/// in-band FEC copy inside the next packet when that one has arrived, or concealed (PLC) otherwise.
public final class OpusDecoder: @unchecked Sendable {  // the decoder state is only touched under `lock`
    public let sampleRate: Int
    /// Samples in one 20 ms frame at the decoder's rate.
    public let frameSamples: Int

    private let decoder: OpaquePointer
    private let lock = NSLock()

    public init(sampleRate: Int = ProtocolAudio.sampleRate) throws {
        var error: Int32 = 0
        guard [8_000, 12_000, 16_000, 24_000, 48_000].contains(sampleRate),
              let decoder = opus_decoder_create(Int32(sampleRate), 1, &error), error == OPUS_OK else {
            throw FoundryError.failure("cannot create an Opus decoder at \(sampleRate) Hz: \(String(cString: opus_strerror(error)))")
        }
        self.sampleRate = sampleRate
        frameSamples = sampleRate / 50
        self.decoder = decoder
    }

    deinit { opus_decoder_destroy(decoder) }

    /// Decodes a packet and appends its samples (one frame) to `output`.
    public func decode<Packet: ContiguousBytes>(_ packet: Packet, appendingTo output: inout [Float]) throws {
        try packet.withUnsafeBytes { bytes in
            guard !bytes.isEmpty else { throw FoundryError.failure("an empty Opus packet cannot be decoded") }
            try run(bytes, fec: false, appendingTo: &output)
        }
    }

    /// Produces the frame of a lost packet: from the FEC data in `next` (the packet after the lost
    /// one) when it has arrived, by concealment otherwise. Call it before decoding `next` itself.
    public func recoverLost<Packet: ContiguousBytes>(next: Packet?, appendingTo output: inout [Float]) throws {
        if let next {
            try next.withUnsafeBytes { try run($0, fec: true, appendingTo: &output) }
        } else {
            try run(UnsafeRawBufferPointer(start: nil, count: 0), fec: false, appendingTo: &output)
        }
    }

    /// One packet as samples.
    public func decode(_ packet: [UInt8]) throws -> [Float] {
        var output: [Float] = []
        try decode(packet, appendingTo: &output)
        return output
    }

    private func run(_ packet: UnsafeRawBufferPointer, fec: Bool, appendingTo output: inout [Float]) throws {
        // A packet may hold up to 120 ms; FEC and concealment rebuild exactly one 20 ms frame.
        let capacity = fec || packet.isEmpty ? frameSamples : frameSamples * 6
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: capacity))
        lock.lock()
        defer { lock.unlock() }
        let decoded = output.withUnsafeMutableBufferPointer { out in
            opus_decode_float(decoder, packet.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(packet.count),
                              out.baseAddress! + start, Int32(capacity), fec ? 1 : 0)
        }
        guard decoded >= 0 else {
            output.removeSubrange(start...)
            throw FoundryError.failure("cannot decode Opus packet (\(packet.count) bytes): \(String(cString: opus_strerror(decoded)))")
        }
        if Int(decoded) < capacity { output.removeSubrange((start + Int(decoded))...) }
    }
}
