import Foundation
import FoundryAudio
import FoundryCore

/// foundry's Opus transport on the client, with a simulated bad network (`--loss`, `--jitter`).
package struct ClientOpus {
    package let packetizer: OpusPacketizer
    package let depacketizer: OpusDepacketizer
    package var random: SplitMix64
    package let lossPercent: Double
    package let jitterMs: Int
    package var sent = 0
    package var dropped = 0
    package var receivedDropped = 0

    package mutating func lose() -> Bool {
        guard lossPercent > 0 else { return false }
        return Double(random.next() % 1_000_000) / 10_000 < lossPercent
    }

    package mutating func jitter() -> Duration? {
        guard jitterMs > 0 else { return nil }
        return .microseconds(Int(random.next() % UInt64(jitterMs * 1000 + 1)))
    }
}

/// What the Opus transport did over a run.
public struct OpusTransportStats: Sendable, Equatable, Codable {
    public var packetsSent: Int
    public var droppedSending: Int
    public var packetsReceived: Int
    public var droppedReceiving: Int
    /// Frames the client's decoder concealed (FEC or packet loss concealment).
    public var concealed: Int

    enum CodingKeys: String, CodingKey {
        case packetsSent = "packets_sent", droppedSending = "dropped_sending", packetsReceived = "packets_received"
        case droppedReceiving = "dropped_receiving", concealed
    }

    public var line: String {
        "opus: \(packetsSent) packets sent (\(droppedSending) dropped by --loss), \(packetsReceived) received (\(droppedReceiving) dropped by --loss, \(concealed) frames concealed)"
    }
}

extension VoiceClientSession {
    /// Switches to Opus once the server granted it.
    package func startOpus(lossPercent: Double, jitterMs: Int, seed: UInt64) throws {
        opus = ClientOpus(packetizer: try OpusPacketizer(lossPercent: max(1, Int(lossPercent.rounded()))), depacketizer: try OpusDepacketizer(),
                          random: SplitMix64(seed: seed), lossPercent: lossPercent, jitterMs: jitterMs)
    }

    package var opusStats: OpusTransportStats? {
        guard let o = opus else { return nil }
        return OpusTransportStats(packetsSent: o.sent, droppedSending: o.dropped, packetsReceived: o.depacketizer.received,
                                  droppedReceiving: o.receivedDropped, concealed: o.depacketizer.concealed)
    }

    /// One frame of the user's audio: an append event, or an Opus packet (maybe lost or late).
    package func sendAudio(_ samples: [Float]) async throws {
        guard var o = opus else {
            try await send(.appendAudio(Data(PCM16.encode(samples))))
            return
        }
        let messages = try o.packetizer.messages(samples)
        for message in messages {
            o.sent += 1
            if o.lose() {
                o.dropped += 1
                continue
            }
            let delay = o.jitter()
            opus = o
            if let delay { try await Task.sleep(for: delay) }
            o = opus ?? o
            log.sentBinary(message)
            do { try await connection.sendBinary(message) } catch {
                for _ in 0..<40 where fatal == nil && !closed { try? await Task.sleep(for: .milliseconds(5)) }
                throw fatal ?? FoundryError.provider("the connection closed while sending audio")
            }
        }
        opus = o
    }

    /// A binary message from the server: reply audio of the response in progress.
    package func receiveBinary(_ bytes: [UInt8], at: ContinuousClock.Instant) {
        guard var o = opus else {
            warn("the server sent a binary message without the Opus transport")
            return
        }
        log.receivedBinary(bytes, at: at)
        if o.lose() {
            o.receivedDropped += 1
            opus = o
            return
        }
        opus = o
        do {
            guard let samples = try o.depacketizer.samples(bytes) else { return }
            guard let ref = currentAudioRef else { return }
            receivedAudio(ref, pcm: PCM16.encode(samples), at: at)
        } catch {
            warn("an Opus packet from the server could not be decoded: \(error)")
        }
    }
}
