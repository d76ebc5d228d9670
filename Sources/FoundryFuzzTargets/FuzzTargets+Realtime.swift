import Foundation
import FoundryAudio
import FoundryRealtime

extension FuzzTargets {
    static let realtime: [FuzzTarget] = [
        FuzzTarget("realtime-server-events", "a realtime server event as `voice`'s client decodes it (either dialect)", maxLength: 65536) { bytes in
            blackHole(try? RealtimeServerEvent.parse(Data(bytes)))
        },
        FuzzTarget("realtime-client-events", "a realtime client event as `voice serve` decodes it, base64 audio to samples included", maxLength: 65536) { bytes in
            guard let (_, event) = try? RealtimeClientEvent.parse(Data(bytes)) else { return }
            if case .appendAudio(let audio) = event { blackHole(PCM16.decode(audio).count) }
        },
        FuzzTarget("opus-packets", "foundry's Opus transport: sequenced binary messages (length-prefixed in the input) to audio") { bytes in
            guard let depacketizer = try? OpusDepacketizer() else { return }
            var offset = 0
            while offset < bytes.count {
                let length = Int(bytes[offset])
                offset += 1
                let end = min(bytes.count, offset + length)
                _ = try? depacketizer.samples(Array(bytes[offset..<end]))
                offset = end
            }
        },
    ]
}
