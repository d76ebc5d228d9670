import Foundation
import Synchronization

/// The keys `route serve` accepts, held in memory and replaced whenever the store's keys
/// change; finding a key costs one SHA-256 and a dictionary lookup, never a store query.
public final class KeyRing: Sendable {
    private struct Index {
        var byLookup: [Substring: VirtualKey] = [:]
        var version: Int64 = -1
        var keys: [VirtualKey] = []
        var tagLimits: [String: TagLimit] = [:]
    }

    private let index = Mutex(Index())

    public init(_ keys: [VirtualKey] = [], tagLimits: [TagLimit] = [], version: Int64 = 0) { replace(keys, tagLimits: tagLimits, version: version) }

    public func replace(_ keys: [VirtualKey], tagLimits: [TagLimit] = [], version: Int64) {
        var fresh = Index()
        for limit in tagLimits { fresh.tagLimits[limit.tag] = limit }
        for key in keys { fresh.byLookup[KeySecret.lookupID(key.hash)] = key }
        fresh.version = version
        fresh.keys = keys
        index.withLock { $0 = fresh }
    }

    public var version: Int64 { index.withLock { $0.version } }
    /// Every key the store holds.
    public var keys: [VirtualKey] { index.withLock { $0.keys } }
    /// What a request of `key` carrying `tags` is counted against: the key, then each tag with
    /// limits of its own.
    public func subjects(_ key: VirtualKey, tags: [String: String]) -> [LimitSubject] {
        let limits = index.withLock { $0.tagLimits }
        return [key.limitSubject] + tags.sorted { $0.key < $1.key }.compactMap { limits["\($0.key)=\($0.value)"]?.subject }
    }

    /// Every tag with limits.
    public var tagLimits: [TagLimit] { index.withLock { $0.tagLimits.values.sorted { $0.tag < $1.tag } } }

    /// How many keys the store holds (revoked and expired ones included).
    public var count: Int { index.withLock { $0.keys.count } }

    /// The key an `Authorization` header presents, or why it is refused.
    public func authenticate(_ authorization: String?, now: Date = Date()) -> Result<VirtualKey, AuthRefusal> {
        guard let authorization, !authorization.isEmpty else { return .failure(.missing) }
        guard let secret = KeySecret.bearer(authorization) else { return .failure(.malformed) }
        let hash = KeySecret.hash(secret)
        guard let key = index.withLock({ $0.byLookup[KeySecret.lookupID(hash)] }), KeySecret.constantTimeEqual(key.hash, hash) else {
            return .failure(.unknown)
        }
        if key.revokedAt != nil { return .failure(.revoked(key.name)) }
        if let expires = key.expiresAt, now >= expires { return .failure(.expired(key.name, expires)) }
        return .success(key)
    }
}

/// Why a request's key is refused (HTTP 401). No message repeats what the client sent.
public enum AuthRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case missing, malformed, unknown
    case revoked(String)
    case expired(String, Date)

    public var description: String {
        switch self {
        case .missing: "no API key: send 'Authorization: Bearer <key>' with a key from foundry keys create"
        case .malformed: "malformed Authorization header: expected 'Bearer <key>'"
        case .unknown: "unknown API key"
        case .revoked(let name): "the key '\(name)' was revoked"
        case .expired(let name, let at): "the key '\(name)' expired at \(ISO8601DateFormatter().string(from: at))"
        }
    }

    /// OpenAI's code for a refused key.
    public var code: String { self == .missing ? "missing_api_key" : "invalid_api_key" }
}
