import FoundryGGUF

/// Vocabulary arrays as the tokenizer keeps them: strings without a `String` per element, typed numbers.
extension GGUFArray {
    /// The elements of a string array as raw UTF-8 bytes (as the file stores them).
    func rawStrings() throws -> FlatByteStrings {
        guard elementType == .string else { throw file.fail("expected an array of strings, found \(elementType.name)") }
        var cursor = GGUFCursor(bytes: file.mapped.bytes, path: file.mapped.path, offset: offset, wideCounts: wideCounts)
        var strings = FlatByteStrings(reservingCount: count, bytes: count * 6)
        for i in 0..<count {
            let length = try cursor.count("length of string \(i) of an array", minimumSize: 1)
            try cursor.need(length, "string \(i) of an array")
            strings.append(UnsafeRawBufferPointer(rebasing: cursor.bytes[cursor.offset..<(cursor.offset + length)]))
            cursor.offset += length
        }
        return strings
    }

    /// The elements of a float32 or int32 array as floats (llama.cpp accepts both for scores).
    func float32Values() throws -> [Float] {
        guard elementType == .float32 || elementType == .int32 else {
            throw file.fail("expected an array of float32 or int32, found \(elementType.name)")
        }
        return try doubles().map { Float($0) }
    }

    /// The elements of an int32 array.
    func int32Values() throws -> [Int32] {
        guard elementType == .int32 else { throw file.fail("expected an array of int32, found \(elementType.name)") }
        return try doubles().map { Int32($0) }
    }
}
