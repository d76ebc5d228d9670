import COpus
import FoundryCore
import Foundation

/// libopus encoder for 20 ms mono frames, tuned for speech over a lossy network: VOIP
/// application, in-band forward error correction and the expected packet loss set.
public final class OpusEncoder: @unchecked Sendable {  // the encoder state is only touched under `lock`
    public struct Settings: Sendable, Equatable {
        public var sampleRate: Int
        /// Bits per second; 24 kb/s carries wideband speech comfortably.
        public var bitrate: Int
        /// In-band FEC: each packet also carries a coarse copy of the previous one.
        public var inbandFEC: Bool
        /// The packet loss the encoder plans for (FEC needs it above 0 to be used).
        public var packetLossPercent: Int
        /// 0…10: CPU spent per frame.
        public var complexity: Int

        public init(sampleRate: Int = ProtocolAudio.sampleRate, bitrate: Int = 24_000, inbandFEC: Bool = true,
                    packetLossPercent: Int = 10, complexity: Int = 5) {
            self.sampleRate = sampleRate
            self.bitrate = bitrate
            self.inbandFEC = inbandFEC
            self.packetLossPercent = packetLossPercent
            self.complexity = complexity
        }

        /// For files: no loss expected, no FEC.
        public static let file = Settings(inbandFEC: false, packetLossPercent: 0, complexity: 8)
    }

    public let settings: Settings
    /// Samples in one 20 ms frame at the encoder's rate.
    public let frameSamples: Int
    /// Samples (at the encoder's rate) the decoder output lags the input: Ogg Opus's pre-skip.
    public let lookahead: Int

    private let encoder: OpaquePointer
    private var scratch = [UInt8](repeating: 0, count: 1500)
    private let lock = NSLock()

    public init(_ settings: Settings = Settings()) throws {
        guard [8_000, 12_000, 16_000, 24_000, 48_000].contains(settings.sampleRate) else {
            throw FoundryError.failure("Opus cannot encode at \(settings.sampleRate) Hz (it takes 8, 12, 16, 24 or 48 kHz)")
        }
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(Int32(settings.sampleRate), 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
            throw FoundryError.failure("cannot create an Opus encoder: \(String(cString: opus_strerror(error)))")
        }
        for (request, value) in [
            (OPUS_SET_BITRATE_REQUEST, settings.bitrate), (OPUS_SET_INBAND_FEC_REQUEST, settings.inbandFEC ? 1 : 0),
            (OPUS_SET_PACKET_LOSS_PERC_REQUEST, settings.packetLossPercent), (OPUS_SET_COMPLEXITY_REQUEST, settings.complexity),
            (OPUS_SET_SIGNAL_REQUEST, Int(OPUS_SIGNAL_VOICE)),
        ] {
            let status = foundry_opus_encoder_set(encoder, Int32(request), Int32(value))
            guard status == OPUS_OK else {
                opus_encoder_destroy(encoder)
                throw FoundryError.failure("cannot configure the Opus encoder (request \(request) = \(value)): \(String(cString: opus_strerror(status)))")
            }
        }
        var lookahead: Int32 = 0
        _ = foundry_opus_encoder_get(encoder, Int32(OPUS_GET_LOOKAHEAD_REQUEST), &lookahead)
        self.settings = settings
        self.lookahead = Int(lookahead)
        frameSamples = settings.sampleRate / 50
        self.encoder = encoder
    }

    deinit { opus_encoder_destroy(encoder) }

    /// Encodes one 20 ms frame (exactly `frameSamples` samples) and appends the packet to `packet`.
    /// Returns the packet's size. No allocation once `packet` has capacity.
    @discardableResult
    public func encode(_ frame: UnsafeBufferPointer<Float>, appendingTo packet: inout [UInt8]) throws -> Int {
        try encode(frame, appendingTo: &packet) { opus_encode_float($0, $1, $2, $3, $4) }
    }

    /// Int16 variant of `encode(_:appendingTo:)`.
    @discardableResult
    public func encode(_ frame: UnsafeBufferPointer<Int16>, appendingTo packet: inout [UInt8]) throws -> Int {
        try encode(frame, appendingTo: &packet) { opus_encode($0, $1, $2, $3, $4) }
    }

    /// One 20 ms frame as an Opus packet.
    public func encode(_ frame: [Float]) throws -> [UInt8] {
        var packet: [UInt8] = []
        try frame.withUnsafeBufferPointer { _ = try encode($0, appendingTo: &packet) }
        return packet
    }

    /// One 20 ms frame of Int16 samples as an Opus packet.
    public func encode(_ frame: [Int16]) throws -> [UInt8] {
        var packet: [UInt8] = []
        try frame.withUnsafeBufferPointer { _ = try encode($0, appendingTo: &packet) }
        return packet
    }

    /// Checks the frame's size, runs libopus's `encodeFrame` (float or 16-bit) under the lock and
    /// appends the packet.
    private func encode<Sample>(
        _ frame: UnsafeBufferPointer<Sample>, appendingTo packet: inout [UInt8],
        _ encodeFrame: (OpaquePointer, UnsafePointer<Sample>, Int32, UnsafeMutablePointer<UInt8>, Int32) -> Int32
    ) throws -> Int {
        guard frame.count == frameSamples else {
            throw FoundryError.failure("an Opus frame holds \(frameSamples) samples (20 ms at \(settings.sampleRate) Hz), not \(frame.count)")
        }
        lock.lock()
        defer { lock.unlock() }
        let size = scratch.withUnsafeMutableBufferPointer { out in
            encodeFrame(encoder, frame.baseAddress!, Int32(frameSamples), out.baseAddress!, Int32(out.count))
        }
        guard size > 0 else { throw FoundryError.failure("Opus encoding failed: \(String(cString: opus_strerror(size)))") }
        packet.append(contentsOf: scratch[0..<Int(size)])
        return Int(size)
    }
}
