import FoundryCore

/// A GGUF file (versions 1–3) opened over mmap: metadata and tensor table parsed with every
/// offset, size and count checked against the file; tensor data used in place.
public struct GGUFFile: Sendable {
    public static let magic: UInt32 = 0x4655_4747  // "GGUF" little-endian

    /// Keeps the map alive for arrays and tensors that point into it.
    package final class Storage: Sendable {
        package let mapped: MappedFile
        package init(_ mapped: MappedFile) { self.mapped = mapped }
        package func fail(_ message: String) -> FoundryError { FoundryError.failure("invalid GGUF file '\(mapped.path)': \(message)") }
    }

    package let storage: Storage
    public let version: Int
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    public let tensors: [GGUFTensorInfo]
    public let alignment: Int
    public let dataOffset: Int

    public var path: String { storage.mapped.path }
    public var fileSize: Int { storage.mapped.count }
    public var bytes: UnsafeRawBufferPointer { storage.mapped.bytes }

    public init(path: String) throws {
        try self.init(mapped: MappedFile(path: path))
    }

    public init(mapped: MappedFile) throws {
        storage = Storage(mapped)
        var cursor = GGUFCursor(bytes: mapped.bytes, path: mapped.path, offset: 0)
        guard mapped.count >= 4, mapped.bytes.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: Self.magic) else {
            throw FoundryError.failure("'\(mapped.path)' is not a GGUF file (no GGUF magic at the start)")
        }
        cursor.offset = 4
        let version = Int(try cursor.read(UInt32.self, "version"))
        guard (1...3).contains(version) else {
            throw storage.fail("unsupported GGUF version \(version) (foundry reads versions 1 to 3)")
        }
        self.version = version
        cursor.wideCounts = version >= 2
        // A tensor entry takes at least 24 bytes, a metadata entry at least 13.
        let tensorCount = try cursor.count("tensor count", minimumSize: 24)
        let kvCount = try cursor.count("metadata count", minimumSize: 13)

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        for index in 0..<kvCount {
            let key = try cursor.string("metadata key \(index)")
            let rawType = try cursor.read(UInt32.self, "type of metadata '\(key)'")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw storage.fail("metadata '\(key)' has unknown value type \(rawType)")
            }
            metadata[key] = try Self.value(of: type, key: key, cursor: &cursor, storage: storage)
            keys.append(key)
        }
        self.metadata = metadata
        metadataKeys = keys

        let alignment = metadata["general.alignment"]?.intValue ?? 32
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= 1 << 16 else {
            throw storage.fail("general.alignment \(alignment) is not a power of two")
        }
        self.alignment = alignment

        var raw: [(String, [Int], GGMLType, Int)] = []
        raw.reserveCapacity(tensorCount)
        for index in 0..<tensorCount {
            let name = try cursor.string("name of tensor \(index)")
            let dimCount = Int(try cursor.read(UInt32.self, "dimension count of '\(name)'"))
            guard (1...4).contains(dimCount) else { throw storage.fail("tensor '\(name)' has \(dimCount) dimensions (1 to 4 allowed)") }
            var dims: [Int] = []
            for _ in 0..<dimCount {
                let d: UInt64 = cursor.wideCounts ? try cursor.read(UInt64.self, "dimension of '\(name)'") : UInt64(try cursor.read(UInt32.self, "dimension of '\(name)'"))
                guard d > 0, d <= UInt64(mapped.count) * 2 + 1 << 20 else {
                    throw storage.fail("tensor '\(name)' has an impossible dimension \(d)")
                }
                dims.append(Int(d))
            }
            let type = GGMLType(rawValue: try cursor.read(UInt32.self, "type of '\(name)'"))
            let offset = try cursor.read(UInt64.self, "offset of '\(name)'")
            guard offset <= UInt64(mapped.count) else {
                throw storage.fail("tensor '\(name)' starts at data offset \(offset), past the end of the file")
            }
            raw.append((name, dims, type, Int(offset)))
        }
        let dataOffset = (cursor.offset + alignment - 1) / alignment * alignment
        self.dataOffset = dataOffset

        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(raw.count)
        var seen = Set<String>()
        for (name, dims, type, offset) in raw {
            guard seen.insert(name).inserted else { throw storage.fail("tensor '\(name)' appears twice") }
            var elements = 1
            for d in dims {
                let (p, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { throw storage.fail("tensor '\(name)' has too many elements") }
                elements = p
            }
            // Unknown types are listed (so --info can show them); the engine refuses them by name.
            let size = type.byteCount(elements: elements) ?? 0
            if type.blockSize != nil, type.byteCount(elements: elements) == nil {
                throw storage.fail("tensor '\(name)' has \(elements) elements, not a whole number of \(type.name) blocks")
            }
            guard offset % alignment == 0 else { throw storage.fail("tensor '\(name)' is not aligned to \(alignment) bytes") }
            let start = dataOffset + offset
            guard start <= mapped.count, mapped.count - start >= size else {
                throw storage.fail("tensor '\(name)' (\(size) bytes at \(start)) extends past the end of the file (\(mapped.count) bytes)")
            }
            tensors.append(GGUFTensorInfo(name: name, dimensions: dims, type: type, offset: offset, fileOffset: start, byteCount: size))
        }
        self.tensors = tensors
    }

    private static func value(of type: GGUFValueType, key: String, cursor: inout GGUFCursor, storage: Storage) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint(UInt64(try cursor.read(UInt8.self, key)))
        case .int8: return .int(Int64(try cursor.read(Int8.self, key)))
        case .uint16: return .uint(UInt64(try cursor.read(UInt16.self, key)))
        case .int16: return .int(Int64(try cursor.read(Int16.self, key)))
        case .uint32: return .uint(UInt64(try cursor.read(UInt32.self, key)))
        case .int32: return .int(Int64(try cursor.read(Int32.self, key)))
        case .uint64: return .uint(try cursor.read(UInt64.self, key))
        case .int64: return .int(try cursor.read(Int64.self, key))
        case .float32: return .float(Double(try cursor.float32(key)))
        case .float64: return .float(try cursor.float64(key))
        case .bool: return .bool(try cursor.read(UInt8.self, key) != 0)
        case .string: return .string(try cursor.string("value of '\(key)'"))
        case .array:
            let rawElement = try cursor.read(UInt32.self, "element type of '\(key)'")
            guard let element = GGUFValueType(rawValue: rawElement), element != .array else {
                throw storage.fail("metadata '\(key)' has unsupported array element type \(rawElement)")
            }
            let count = try cursor.count("element count of '\(key)'", minimumSize: element.size ?? (cursor.wideCounts ? 8 : 4))
            let start = cursor.offset
            if let size = element.size {
                try cursor.skip(count * size, "elements of '\(key)'")
            } else {
                for i in 0..<count {
                    let length = try cursor.count("length of element \(i) of '\(key)'", minimumSize: 1)
                    try cursor.skip(length, "element \(i) of '\(key)'")
                }
            }
            return .array(GGUFArray(elementType: element, count: count, file: storage, offset: start, wideCounts: cursor.wideCounts))
        }
    }

    // MARK: convenient metadata

    public var architecture: String? { metadata["general.architecture"]?.stringValue }
    public var name: String? { metadata["general.name"]?.stringValue }

    /// `<architecture>.<suffix>`, e.g. `llama.context_length`.
    public func architectureValue(_ suffix: String) -> GGUFValue? {
        guard let arch = architecture else { return nil }
        return metadata["\(arch).\(suffix)"]
    }

    public var contextLength: Int? { architectureValue("context_length")?.intValue }

    public func tensor(named name: String) -> GGUFTensorInfo? { tensors.first { $0.name == name } }
}
