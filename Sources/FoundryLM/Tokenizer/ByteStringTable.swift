/// Token ids keyed by token bytes, looked up with a slice of the text being tokenized (no copy):
/// strings of up to 7 bytes are packed into one integer key, longer ones hashed in place.
struct ByteStringTable: Sendable {
    private var short: [UInt64: Int32] = [:]
    private var long: [TokenBytes: Int32] = [:]

    init(capacity: Int = 0) {
        short.reserveCapacity(capacity)
    }

    /// Adds `bytes → id` unless the bytes are already there; returns the id already there.
    @discardableResult
    mutating func insert(_ bytes: ArraySlice<UInt8>, _ id: Int32) -> Int32? {
        if bytes.count <= 7 {
            let key = TiktokenRanks.packed(bytes)
            if let existing = short[key] { return existing }
            short[key] = id
        } else {
            let key = TokenBytes(bytes)
            if let existing = long[key] { return existing }
            long[key] = id
        }
        return nil
    }

    @inline(__always)
    subscript(_ bytes: ArraySlice<UInt8>) -> Int32? {
        bytes.count <= 7 ? short[TiktokenRanks.packed(bytes)] : long[TokenBytes(bytes)]
    }
}
