/// Many short byte strings in one buffer: string `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
/// A 150,000-token vocabulary is two allocations, and slices of it are dictionary keys.
struct FlatByteStrings: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int32] = [0]

    init() {}

    init(reservingCount count: Int, bytes byteCount: Int) {
        bytes.reserveCapacity(byteCount)
        offsets.reserveCapacity(count + 1)
    }

    var count: Int { offsets.count - 1 }

    subscript(_ index: Int) -> ArraySlice<UInt8> {
        bytes[Int(offsets[index])..<Int(offsets[index + 1])]
    }

    mutating func append(_ string: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: string)
        offsets.append(Int32(bytes.count))
    }

    mutating func append<C: Collection>(_ string: C) where C.Element == UInt8 {
        bytes.append(contentsOf: string)
        offsets.append(Int32(bytes.count))
    }
}
