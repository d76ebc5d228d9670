/// GPT-2's reversible byte ↔ Unicode mapping (`bytes_to_unicode`): byte-level BPE vocabularies
/// store each token byte as a printable character (`Ġ` for a space, `Ċ` for a newline). The
/// tokenizer works on the bytes themselves, so the vocabulary is mapped back once at load.
enum ByteLevelMapping {
    /// The scalar each byte is written as.
    static let scalarOfByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = next
                next += 1
            }
        }
        return table
    }()

    /// The byte a scalar stands for, or nil for a scalar outside the mapping.
    @inline(__always)
    static func byte(of scalar: UInt32) -> UInt8? {
        if scalar < 256 {
            return scalarOfByte[Int(scalar)] == scalar ? UInt8(scalar) : nil
        }
        guard scalar < 256 + 68 else { return nil }
        return byteOfHighScalar[Int(scalar - 256)]
    }

    private static let byteOfHighScalar: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 68)
        for byte in 0..<256 where scalarOfByte[byte] >= 256 { table[Int(scalarOfByte[byte] - 256)] = UInt8(byte) }
        return table
    }()

    /// The bytes a vocabulary string stands for, or nil when it has a character outside the
    /// mapping (such a token cannot come out of byte-level BPE; special tokens can be like that).
    static func decode(_ text: ArraySlice<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var iterator = text.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                guard let byte = byte(of: scalar.value) else { return false }
                output.append(byte)
            case .emptyInput:
                return true
            case .error:
                return false
            }
        }
    }
}
