import FoundryCore

/// Reads little-endian values from a byte range, checking every read against its end.
package struct GGUFCursor {
    package let bytes: UnsafeRawBufferPointer
    package let path: String
    package var offset: Int
    /// Version 1 files use 32-bit counts and string lengths; later versions 64-bit.
    package var wideCounts = true

    package init(bytes: UnsafeRawBufferPointer, path: String, offset: Int, wideCounts: Bool = true) {
        self.bytes = bytes
        self.path = path
        self.offset = offset
        self.wideCounts = wideCounts
    }

    package func fail(_ message: String) -> FoundryError {
        FoundryError.failure("invalid GGUF file '\(path)': \(message)")
    }

    package mutating func need(_ n: Int, _ what: @autoclosure () -> String) throws {
        guard n >= 0, offset <= bytes.count, bytes.count - offset >= n else {
            throw fail("\(what()) at byte \(offset) runs past the end of the file (\(bytes.count) bytes)")
        }
    }

    package mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try need(MemoryLayout<T>.size, what())
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    package mutating func float32(_ what: @autoclosure () -> String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
    }

    package mutating func float64(_ what: @autoclosure () -> String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what()))
    }

    /// A count, checked to be plausible: at least `minimumSize` bytes per item must remain.
    package mutating func count(_ what: @autoclosure () -> String, minimumSize: Int) throws -> Int {
        let raw: UInt64 = wideCounts ? try read(UInt64.self, what()) : UInt64(try read(UInt32.self, what()))
        let remaining = UInt64(max(0, bytes.count - offset))
        guard raw <= remaining / UInt64(max(1, minimumSize)) else {
            throw fail("\(what()) is \(raw), more than the \(remaining) remaining bytes can hold")
        }
        return Int(raw)
    }

    package mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let length = try count("length of \(what())", minimumSize: 1)
        try need(length, what())
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
        offset += length
        return s
    }

    package mutating func skip(_ n: Int, _ what: @autoclosure () -> String) throws {
        try need(n, what())
        offset += n
    }
}
