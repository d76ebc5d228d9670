import Foundation
import FoundryCore

/// The state directory as the gateway's store, for one instance (or several on one machine):
/// keys in `keys.json` (mode 0600, replaced atomically under a lock).
public struct FileGatewayStore: GatewayStore {
    struct Document: Codable, Sendable {
        var version: Int64 = 0
        var keys: [VirtualKey] = []
        var tagLimits: [TagLimit]? = nil

        enum CodingKeys: String, CodingKey {
            case version, keys
            case tagLimits = "tag_limits"
        }
    }

    let directory: String
    private var file: StateFile<Document> { StateFile(path: directory + "/keys.json", empty: Document()) }

    public init(directory: String) { self.directory = directory }

    public var location: String { "file:\(directory)" }

    public func migrate() async throws -> [Int] {
        try FoundryPaths.ensureDirectory(directory)
        return []
    }

    public func insert(_ key: VirtualKey) async throws {
        try change { document in
            if document.keys.contains(where: { $0.name == key.name }) {
                throw GatewayError.invalid("a key named '\(key.name)' exists already", hint: "choose another name, or foundry keys rotate \(key.name)")
            }
            document.keys.append(key)
            document.keys.sort { $0.name < $1.name }
        }
    }

    public func keys() async throws -> [VirtualKey] { try readable().keys }

    public func update(_ name: String, _ change: @Sendable (inout VirtualKey) throws -> Void) async throws -> VirtualKey {
        var updated: VirtualKey?
        try self.change { document in
            guard let i = document.keys.firstIndex(where: { $0.name == name }) else { throw Self.unknown(name) }
            try change(&document.keys[i])
            updated = document.keys[i]
        }
        return updated!
    }

    public func tagLimits() async throws -> [TagLimit] { try readable().tagLimits ?? [] }

    public func setTagLimit(_ limit: TagLimit) async throws {
        try change { document in
            var limits = (document.tagLimits ?? []).filter { $0.tag != limit.tag }
            limits.append(limit)
            document.tagLimits = limits.sorted { $0.tag < $1.tag }
        }
    }

    public func removeTagLimit(_ tag: String) async throws {
        try change { document in
            guard let limits = document.tagLimits, limits.contains(where: { $0.tag == tag }) else { throw Self.unknownTag(tag) }
            document.tagLimits = limits.filter { $0.tag != tag }
        }
    }

    public func keysVersion() async throws -> Int64 { try readable().version }

    public func close() async {}

    /// The document; a file others may read is refused (it lists who may spend what).
    private func readable() throws -> Document {
        if let (message, hint) = GatewayError.readableByOthers(file.path, what: "the key file") { throw GatewayError.store(message, hint: hint) }
        return file.read()
    }

    private func change(_ body: (inout Document) throws -> Void) throws {
        _ = try readable()
        var failure: (any Error)?
        try file.update { document in
            var copy = document
            do {
                try body(&copy)
                copy.version += 1
                document = copy
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
