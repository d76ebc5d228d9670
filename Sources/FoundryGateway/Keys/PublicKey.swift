import Foundation

/// A key as shown to people and tools (`keys --json`, `/admin/keys`): every field but the hash,
/// its status, and the secret only in the answer that issued it.
public struct PublicKey: Encodable, Sendable {
    public let key: VirtualKey
    public let secret: String?
    let now: Date

    public init(_ key: VirtualKey, secret: String? = nil, now: Date = Date()) {
        self.key = key
        self.secret = secret
        self.now = now
    }

    enum CodingKeys: String, CodingKey {
        case key, name, status, hint, budget, rpm, tpm, models, tags
        case softBudgetUSD = "soft_budget_usd", maxParallel = "max_parallel", expiresAt = "expires_at"
        case allowTagHeader = "allow_tag_header", createdAt = "created_at", revokedAt = "revoked_at", rotatedAt = "rotated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(secret, forKey: .key)
        try c.encode(key.name, forKey: .name)
        try c.encode(key.status(at: now), forKey: .status)
        try c.encode(key.hint, forKey: .hint)
        try c.encodeIfPresent(key.budget, forKey: .budget)
        try c.encodeIfPresent(key.softBudgetUSD, forKey: .softBudgetUSD)
        try c.encodeIfPresent(key.rpm, forKey: .rpm)
        try c.encodeIfPresent(key.tpm, forKey: .tpm)
        try c.encode(key.models, forKey: .models)
        try c.encodeIfPresent(key.maxParallel, forKey: .maxParallel)
        try c.encodeIfPresent(key.expiresAt, forKey: .expiresAt)
        try c.encode(key.tags, forKey: .tags)
        try c.encode(key.allowTagHeader, forKey: .allowTagHeader)
        try c.encode(key.createdAt, forKey: .createdAt)
        try c.encodeIfPresent(key.revokedAt, forKey: .revokedAt)
        try c.encodeIfPresent(key.rotatedAt, forKey: .rotatedAt)
    }

    public func json(pretty: Bool = false) -> String { GatewayJSON.encode(self, pretty: pretty) }

    public static func list(_ keys: [VirtualKey], pretty: Bool = false) -> String {
        GatewayJSON.encode(keys.map { PublicKey($0) }, pretty: pretty)
    }
}
