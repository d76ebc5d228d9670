/// 16-bit little-endian PCM, the sample format of the Realtime protocol's audio fields.
public enum PCM16 {
    /// Float in [-1, 1] to Int16, rounded, clipped.
    @inline(__always)
    public static func sample(_ value: Float) -> Int16 {
        let scaled = (value * 32768).rounded()
        return Int16(max(-32768, min(32767, scaled)))
    }

    /// Int16 to Float in [-1, 1).
    @inline(__always)
    public static func float(_ value: Int16) -> Float { Float(value) / 32768 }

    /// Appends `samples` as little-endian PCM16 bytes to `bytes` (2 bytes per sample).
    public static func encode(_ samples: UnsafeBufferPointer<Float>, appendingTo bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: samples.count * 2))
        bytes.withUnsafeMutableBufferPointer { out in
            for (index, value) in samples.enumerated() {
                let bits = UInt16(bitPattern: sample(value))
                out[start + 2 * index] = UInt8(truncatingIfNeeded: bits)
                out[start + 2 * index + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
        }
    }

    /// `samples` as little-endian PCM16 bytes.
    public static func encode(_ samples: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count * 2)
        samples.withUnsafeBufferPointer { encode($0, appendingTo: &bytes) }
        return bytes
    }

    /// Appends the samples of little-endian PCM16 `bytes` as Float to `samples`; an odd last
    /// byte is ignored (the caller keeps it for the next chunk).
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, appendingTo samples: inout [Float]) {
        var iterator = bytes.makeIterator()
        samples.reserveCapacity(samples.count + bytes.count / 2)
        while let low = iterator.next(), let high = iterator.next() {
            samples.append(float(Int16(bitPattern: UInt16(low) | UInt16(high) << 8)))
        }
    }

    /// The samples of little-endian PCM16 `bytes` as Float.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Float] {
        var samples: [Float] = []
        decode(bytes, appendingTo: &samples)
        return samples
    }

    /// The samples of little-endian PCM16 `bytes` as Int16.
    public static func int16<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Int16] {
        var samples: [Int16] = []
        samples.reserveCapacity(bytes.count / 2)
        var iterator = bytes.makeIterator()
        while let low = iterator.next(), let high = iterator.next() {
            samples.append(Int16(bitPattern: UInt16(low) | UInt16(high) << 8))
        }
        return samples
    }

    /// Int16 samples as little-endian bytes.
    public static func bytes(_ samples: [Int16]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: samples.count * 2)
        for (index, value) in samples.enumerated() {
            let bits = UInt16(bitPattern: value)
            bytes[2 * index] = UInt8(truncatingIfNeeded: bits)
            bytes[2 * index + 1] = UInt8(truncatingIfNeeded: bits >> 8)
        }
        return bytes
    }
}
