import Foundation
import FoundryAudio
import FoundryCore
import Testing

@Suite("Opus codec")
struct OpusCodecTests {
    /// jfk.wav at 24 kHz in whole 20 ms frames.
    static func speechFrames() throws -> [[Float]]? {
        guard let jfk = AudioTestSupport.jfk else { return nil }
        let samples = try AudioFile.readProtocolFormat(path: jfk).samples
        return stride(from: 0, to: samples.count - 479, by: 480).map { Array(samples[$0..<($0 + 480)]) }
    }

    /// Correlation of the decoded stream with the input, the decoder's output shifted by the
    /// encoder's lookahead.
    static func similarity(_ original: [Float], _ decoded: [Float], lookahead: Int) -> Double {
        let n = min(original.count, decoded.count - lookahead)
        var xy = 0.0, xx = 0.0, yy = 0.0
        for i in 0..<n {
            let x = Double(original[i]), y = Double(decoded[i + lookahead])
            xy += x * y
            xx += x * x
            yy += y * y
        }
        return xy / (xx * yy).squareRoot()
    }

    @Test("20 ms speech frames round-trip through libopus (VOIP, 24 kb/s, FEC) as the same speech")
    func roundTrip() async throws {
        guard let frames = try Self.speechFrames() else { return }
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        #expect(encoder.frameSamples == 480 && encoder.settings.inbandFEC && encoder.settings.packetLossPercent > 0)
        var decoded: [Float] = [], bytes = 0
        for frame in frames {
            let packet = try encoder.encode(frame)
            bytes += packet.count
            try decoder.decode(packet, appendingTo: &decoded)
        }
        #expect(decoded.count == frames.count * 480)
        let similarity = Self.similarity(frames.flatMap { $0 }, decoded, lookahead: encoder.lookahead)
        #expect(similarity > 0.8, "decoded speech correlates \(similarity) with the input")
        let kbps = Double(bytes * 8) / (Double(frames.count) * 0.02) / 1000
        #expect(kbps > 12 && kbps < 36, "about 24 kb/s, got \(kbps)")
        // Int16 input gives the same speech.
        let int16Encoder = try OpusEncoder(), int16Decoder = try OpusDecoder()
        var fromInt16: [Float] = []
        for frame in frames { try int16Decoder.decode(try int16Encoder.encode(frame.map(PCM16.sample)), appendingTo: &fromInt16) }
        let int16Similarity = Self.similarity(frames.flatMap { $0 }, fromInt16, lookahead: int16Encoder.lookahead)
        #expect(int16Similarity > 0.8, "speech encoded from Int16 samples correlates \(int16Similarity) with the input")
    }

    @Test("a lost packet is rebuilt from the next packet's FEC data better than by concealment alone")
    func lossRecovery() async throws {
        guard let frames = try Self.speechFrames() else { return }
        let encoder = try OpusEncoder(OpusEncoder.Settings(packetLossPercent: 20))
        let packets = try frames.map { try encoder.encode($0) }
        let lost = Set(stride(from: 7, to: packets.count - 1, by: 10))
        let withFEC = try OpusDecoder(), concealOnly = try OpusDecoder(), clean = try OpusDecoder()
        var fecOut: [Float] = [], plcOut: [Float] = [], cleanOut: [Float] = []
        for (index, packet) in packets.enumerated() {
            try clean.decode(packet, appendingTo: &cleanOut)
            if lost.contains(index) {
                try withFEC.recoverLost(next: packets[index + 1], appendingTo: &fecOut)
                try concealOnly.recoverLost(next: Optional<[UInt8]>.none, appendingTo: &plcOut)
            } else {
                try withFEC.decode(packet, appendingTo: &fecOut)
                try concealOnly.decode(packet, appendingTo: &plcOut)
            }
        }
        #expect(fecOut.count == cleanOut.count && plcOut.count == cleanOut.count, "every lost frame is replaced by 20 ms")
        // Error against the loss-free decoding, over the lost frames only.
        func error(_ output: [Float]) -> Double {
            lost.reduce(0.0) { sum, index in
                (index * 480..<(index + 1) * 480).reduce(sum) { $0 + Double((output[$1] - cleanOut[$1]) * (output[$1] - cleanOut[$1])) }
            }
        }
        let fecError = error(fecOut), plcError = error(plcOut)
        print(String(format: "Opus loss recovery (10%% loss): FEC error energy %.3f, PLC-only %.3f", fecError, plcError))
        #expect(fecError < plcError * 0.8, "FEC \(fecError) vs concealment \(plcError)")
    }

    @Test("a packet stream with gaps, reordering and duplicates yields one 20 ms frame per packet number")
    func packetStream() async throws {
        guard let frames = try Self.speechFrames() else { return }
        let encoder = try OpusEncoder()
        let packets = try frames.prefix(200).map { try encoder.encode($0) }
        var stream = try OpusPacketStream()
        var output: [Float] = []
        // Lose 10 and 50…52; deliver 101 before 100 (100 then arrives late); repeat 150.
        var order = Array(0..<200).filter { ![10, 50, 51, 52].contains($0) }
        order.swapAt(order.firstIndex(of: 100)!, order.firstIndex(of: 101)!)
        order.insert(150, at: order.firstIndex(of: 150)! + 1)
        for sequence in order { try stream.receive(sequence: sequence, packet: packets[sequence], appendingTo: &output) }
        #expect(output.count == 200 * 480, "every packet number is one frame of audio")
        #expect(stream.recoveredByFEC == 3 && stream.concealed == 2, "10, 52 and 100 from FEC; 50 and 51 concealed")
        #expect(stream.dropped == 2, "100 arrived after 101; 150 twice")
        #expect(stream.received == 195, "197 deliveries: 2 dropped")
        let similarity = Self.similarity(frames.prefix(200).flatMap { $0 }, output, lookahead: encoder.lookahead)
        #expect(similarity > 0.7, "\(similarity)")
    }

    @Test("a sender that jumps its packet numbers gets at most one second rebuilt per gap, and never more than it sent plus one second")
    func longGapIsBounded() throws {
        let encoder = try OpusEncoder()
        let packet = try encoder.encode([Float](repeating: 0, count: 480))
        var stream = try OpusPacketStream()
        var output: [Float] = []
        try stream.receive(sequence: 0, packet: packet, appendingTo: &output)
        try stream.receive(sequence: 32_767, packet: packet, appendingTo: &output)
        let rebuilt = OpusPacketStream.maxRebuiltFrames
        #expect(output.count == (2 + rebuilt) * 480, "the two packets and one second rebuilt before the second")
        #expect(stream.skipped == 32_766 - rebuilt && stream.concealed + stream.recoveredByFEC == rebuilt)
        // Jumping again and again: the rebuilt total stays within what was received plus one second.
        for jump in 1...20 { try stream.receive(sequence: 32_767 + jump * 40, packet: packet, appendingTo: &output) }
        #expect(stream.concealed + stream.recoveredByFEC <= stream.received + rebuilt, "\(stream.concealed + stream.recoveredByFEC) rebuilt for \(stream.received) received")
    }

    @Test("wrong frame sizes, unsupported rates and empty packets are clear errors")
    func badInput() throws {
        let encoder = try OpusEncoder()
        let error = #expect(throws: FoundryError.self) { try encoder.encode([Float](repeating: 0, count: 100)) }
        #expect(error?.message.contains("480") == true)
        #expect(throws: FoundryError.self) { try OpusEncoder(OpusEncoder.Settings(sampleRate: 44_100)) }
        #expect(throws: FoundryError.self) { try OpusDecoder().decode([UInt8]()) }
    }
}
