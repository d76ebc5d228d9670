/// A metadata value. Arrays are decoded on demand from the mapped file, so opening a file with
/// a 150,000-entry vocabulary costs one pass over it, not 150,000 allocations.
public enum GGUFValue: Sendable {
    case uint(UInt64)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case array(GGUFArray)

    public var intValue: Int? {
        switch self {
        case .uint(let v): return v <= UInt64(Int.max) ? Int(v) : nil
        case .int(let v): return Int(v)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .float(let v): return v
        case .uint(let v): return Double(v)
        case .int(let v): return Double(v)
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: GGUFArray? { if case .array(let a) = self { return a }; return nil }

    /// A short rendering for `run --info`.
    public var summary: String {
        switch self {
        case .uint(let v): return String(v)
        case .int(let v): return String(v)
        case .float(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let s): return s.count > 80 ? "\"" + s.prefix(77) + "…\"" : "\"\(s)\""
        case .array(let a): return "[\(a.elementType.name) × \(a.count)]"
        }
    }
}

/// The metadata value types of the GGUF format.
public enum GGUFValueType: UInt32, Sendable {
    case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

    /// Fixed byte size, or nil for strings and arrays.
    package var size: Int? {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        case .string, .array: nil
        }
    }

    public var name: String { String(describing: self) }
}

/// An array in the metadata: its element type, count and where its bytes are.
public struct GGUFArray: Sendable {
    public let elementType: GGUFValueType
    public let count: Int
    package let file: GGUFFile.Storage
    package let offset: Int
    package let wideCounts: Bool

    /// The elements as strings (for string arrays), decoded now.
    public func strings() throws -> [String] {
        guard elementType == .string else { throw file.fail("expected an array of strings, found \(elementType.name)") }
        var cursor = GGUFCursor(bytes: file.mapped.bytes, path: file.mapped.path, offset: offset, wideCounts: wideCounts)
        var result: [String] = []
        result.reserveCapacity(count)
        for i in 0..<count { result.append(try cursor.string("string \(i) of an array")) }
        return result
    }

    /// The elements as numbers (for numeric arrays).
    public func doubles() throws -> [Double] {
        var cursor = GGUFCursor(bytes: file.mapped.bytes, path: file.mapped.path, offset: offset, wideCounts: wideCounts)
        var result: [Double] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            switch elementType {
            case .float32: result.append(Double(try cursor.float32("array element")))
            case .float64: result.append(try cursor.float64("array element"))
            case .int32: result.append(Double(try cursor.read(Int32.self, "array element")))
            case .uint32: result.append(Double(try cursor.read(UInt32.self, "array element")))
            case .int8: result.append(Double(try cursor.read(Int8.self, "array element")))
            case .uint8, .bool: result.append(Double(try cursor.read(UInt8.self, "array element")))
            case .int16: result.append(Double(try cursor.read(Int16.self, "array element")))
            case .uint16: result.append(Double(try cursor.read(UInt16.self, "array element")))
            case .int64: result.append(Double(try cursor.read(Int64.self, "array element")))
            case .uint64: result.append(Double(try cursor.read(UInt64.self, "array element")))
            case .string, .array: throw file.fail("expected an array of numbers, found \(elementType.name)")
            }
        }
        return result
    }

    public func ints() throws -> [Int] { try doubles().map { Int($0) } }
}
