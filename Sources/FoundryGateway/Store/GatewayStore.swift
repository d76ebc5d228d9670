import Foundation

/// Where the gateway's state lives: the file store (one instance) or PostgreSQL (a fleet).
/// Key operations are whole-record: a key is created once, then only revoked, rotated or read.
public protocol GatewayStore: Sendable {
    /// Where it is, without secrets.
    var location: String { get }
    /// Creates or upgrades the schema; returns the versions applied (empty when up to date).
    func migrate() async throws -> [Int]
    /// Adds a key; a key of the same name is an error.
    func insert(_ key: VirtualKey) async throws
    /// Every key, revoked and expired ones included, ordered by name.
    func keys() async throws -> [VirtualKey]
    /// Changes the key called `name` (an unknown name is an error) and returns it changed.
    func update(_ name: String, _ change: @Sendable (inout VirtualKey) throws -> Void) async throws -> VirtualKey
    /// Every tag's limits, ordered by tag.
    func tagLimits() async throws -> [TagLimit]
    /// Sets a tag's limits (replacing any it had).
    func setTagLimit(_ limit: TagLimit) async throws
    /// Removes a tag's limits; a tag without limits is an error.
    func removeTagLimit(_ tag: String) async throws
    /// A number that changes whenever a key or a tag's limits change, so readers can tell when
    /// to reload.
    func keysVersion() async throws -> Int64
    func close() async
}

extension GatewayStore {
    public func key(named name: String) async throws -> VirtualKey {
        guard let key = try await keys().first(where: { $0.name == name }) else { throw Self.unknown(name) }
        return key
    }

    package static func unknownTag(_ tag: String) -> any Error {
        GatewayError.invalid("the tag \(tag) has no limits", hint: "foundry tags list shows the tags with limits")
    }

    package static func unknown(_ name: String) -> any Error {
        GatewayError.invalid("no key named '\(name)'", hint: "foundry keys list shows the keys")
    }
}
