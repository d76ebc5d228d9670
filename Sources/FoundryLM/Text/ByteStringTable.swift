/// Values keyed by byte strings (token ids, tiktoken ranks), looked up with a slice of the text
/// being tokenized (no copy): strings of up to 7 bytes are packed into one integer key, longer
/// ones hashed in place.
struct ByteStringTable<Value: Sendable>: Sendable {
    private var short: [UInt64: Value] = [:]
    private var long: [TokenBytes: Value] = [:]

    init(capacity: Int = 0) {
        short.reserveCapacity(capacity)
    }

    /// Adds `bytes → value` unless the bytes are already there; returns the value already there.
    @discardableResult
    mutating func insert(_ bytes: ArraySlice<UInt8>, _ value: Value) -> Value? {
        if bytes.count <= 7 {
            let key = Self.packed(bytes)
            if let existing = short[key] { return existing }
            short[key] = value
        } else {
            let key = TokenBytes(bytes)
            if let existing = long[key] { return existing }
            long[key] = value
        }
        return nil
    }

    @inline(__always)
    subscript(_ bytes: ArraySlice<UInt8>) -> Value? {
        bytes.count <= 7 ? short[Self.packed(bytes)] : long[TokenBytes(bytes)]
    }

    /// Up to 7 bytes packed little-endian with the length in the top byte.
    @inline(__always)
    static func packed(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key = UInt64(bytes.count) << 56
        var shift: UInt64 = 0
        for byte in bytes {
            key |= UInt64(byte) << shift
            shift += 8
        }
        return key
    }
}

/// A token's bytes as a dictionary key: hashes the bytes in one call, so a slice of a piece can
/// be looked up without copying it.
struct TokenBytes: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: TokenBytes, rhs: TokenBytes) -> Bool {
        lhs.bytes.elementsEqual(rhs.bytes)
    }
}
