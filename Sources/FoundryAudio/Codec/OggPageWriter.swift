/// Builds an Ogg logical bitstream (RFC 3533) page by page: packets are laced into 255-byte
/// segments, each page carries its granule position, sequence number and CRC.
struct OggPageWriter {
    let serial: UInt32
    private var sequence: UInt32 = 0
    private var lacing: [UInt8] = []
    private var body: [UInt8] = []
    private var packetsOnPage = 0
    private var firstPage = true

    init(serial: UInt32) {
        self.serial = serial
        lacing.reserveCapacity(255)
        body.reserveCapacity(8192)
    }

    /// Packets waiting on the open page.
    var pendingPackets: Int { packetsOnPage }

    /// True when `size` more bytes would not fit the open page's 255 lacing values.
    func wouldOverflow(packetOfSize size: Int) -> Bool { lacing.count + size / 255 + 1 > 255 }

    /// Adds a whole packet to the open page (the caller flushes first when it would overflow).
    mutating func add(packet: UnsafeBufferPointer<UInt8>) {
        precondition(!wouldOverflow(packetOfSize: packet.count), "Ogg page overflow: flush before adding")
        var remaining = packet.count
        while remaining >= 255 {
            lacing.append(255)
            remaining -= 255
        }
        lacing.append(UInt8(remaining))
        body.append(contentsOf: packet)
        packetsOnPage += 1
    }

    /// Closes the open page with `granule` (the position after its last packet) and appends the
    /// page's bytes to `output`.
    mutating func flush(granule: Int64, endOfStream: Bool = false, into output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: [0x4F, 0x67, 0x67, 0x53, 0])  // "OggS", version 0
        var flags: UInt8 = 0
        if firstPage { flags |= 0x02 }
        if endOfStream { flags |= 0x04 }
        output.append(flags)
        Self.append(UInt64(bitPattern: granule), bytes: 8, to: &output)
        Self.append(UInt64(serial), bytes: 4, to: &output)
        Self.append(UInt64(sequence), bytes: 4, to: &output)
        let crcOffset = output.count
        output.append(contentsOf: [0, 0, 0, 0])
        output.append(UInt8(lacing.count))
        output.append(contentsOf: lacing)
        output.append(contentsOf: body)
        let crc = output.withUnsafeBufferPointer { OggCRC.checksum(UnsafeBufferPointer(rebasing: $0[start...])) }
        for index in 0..<4 { output[crcOffset + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
        sequence += 1
        firstPage = false
        lacing.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
        packetsOnPage = 0
    }

    static func append(_ value: UInt64, bytes: Int, to output: inout [UInt8]) {
        for index in 0..<bytes { output.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
