import Foundation
import FoundryCore

/// A key a team member or service presents to `route serve` instead of the operator's provider
/// keys. Only a hash of the secret is kept; `hint` (the last four characters) lets a person tell
/// keys apart without revealing them.
public struct VirtualKey: Codable, Sendable, Equatable {
    public var name: String
    /// SHA-256 of the secret, lowercase hex.
    public var hash: String
    public var hint: String
    public var budget: BudgetLimit?
    /// Spend in the budget's period past which responses carry a warning header.
    public var softBudgetUSD: Double?
    public var rpm: Int?
    public var tpm: Int?
    /// Model patterns this key may use (`openai/*`, `local/*`, an exact id); empty: any model.
    public var models: [String]
    public var maxParallel: Int?
    public var expiresAt: Date?
    public var tags: [String: String]
    /// Whether requests may add tags with the `x-foundry-tags` header.
    public var allowTagHeader: Bool
    public var createdAt: Date
    public var revokedAt: Date?
    public var rotatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case name, hash, hint, budget, rpm, tpm, models, tags
        case softBudgetUSD = "soft_budget_usd", maxParallel = "max_parallel", expiresAt = "expires_at"
        case allowTagHeader = "allow_tag_header", createdAt = "created_at", revokedAt = "revoked_at", rotatedAt = "rotated_at"
    }

    public init(name: String, hash: String, hint: String, budget: BudgetLimit? = nil, softBudgetUSD: Double? = nil, rpm: Int? = nil,
                tpm: Int? = nil, models: [String] = [], maxParallel: Int? = nil, expiresAt: Date? = nil, tags: [String: String] = [:],
                allowTagHeader: Bool = false, createdAt: Date = Date(), revokedAt: Date? = nil, rotatedAt: Date? = nil) {
        self.name = name
        self.hash = hash
        self.hint = hint
        self.budget = budget
        self.softBudgetUSD = softBudgetUSD
        self.rpm = rpm
        self.tpm = tpm
        self.models = models
        self.maxParallel = maxParallel
        self.expiresAt = expiresAt
        self.tags = tags
        self.allowTagHeader = allowTagHeader
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.rotatedAt = rotatedAt
    }

    /// Whether the key may call `model` (a catalog id such as `openai/gpt-5-mini`).
    public func allows(model: String) -> Bool { ModelPatterns.matches(models, model) }

    public func isExpired(at now: Date = Date()) -> Bool { expiresAt.map { now >= $0 } ?? false }

    /// "active", "revoked" or "expired".
    public func status(at now: Date = Date()) -> String {
        if revokedAt != nil { return "revoked" }
        return isExpired(at: now) ? "expired" : "active"
    }

    /// Key names appear in headers, logs and metric labels: letters, digits, `.`, `_`, `-`.
    public static func checkName(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            throw GatewayError.invalid("key name '\(name.prefix(80))' must be 1–64 letters, digits, '.', '_' or '-'")
        }
    }
}
