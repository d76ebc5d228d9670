import Foundation

/// The protocol's audio payload: signed 16-bit little-endian samples at 24 kHz, mono.
public enum RealtimeAudio {
    /// Samples in [-1, 1] to PCM16 bytes (clipped, rounded).
    public static func encode(_ samples: [Float]) -> Data {
        encode(samples[...])
    }

    public static func encode(_ samples: ArraySlice<Float>) -> Data {
        var data = Data(count: samples.count * 2)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: Int16.self)
            for (i, s) in samples.enumerated() {
                let v = (max(-1, min(1, s)) * 32767).rounded()
                out[i] = Int16(v).littleEndian
            }
        }
        return data
    }

    /// PCM16 bytes to samples in [-1, 1]; a trailing odd byte is ignored.
    public static func decode(_ data: Data) -> [Float] {
        let count = data.count / 2
        var samples = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            for i in 0..<count {
                let lo = UInt16(raw[2 * i]), hi = UInt16(raw[2 * i + 1])
                samples[i] = Float(Int16(bitPattern: lo | hi << 8)) / 32768
            }
        }
        return samples
    }

    /// Milliseconds of 24 kHz PCM16 audio in `bytes` bytes.
    public static func milliseconds(bytes: Int, sampleRate: Int = 24_000) -> Double {
        Double(bytes / 2) * 1000 / Double(sampleRate)
    }
}
