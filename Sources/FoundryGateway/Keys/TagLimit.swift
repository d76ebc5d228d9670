import Foundation

/// Limits shared by every key carrying a tag (`team=search`): a team's budget across all its
/// keys and services. Set with `foundry tags set`; kept in the store with the keys.
public struct TagLimit: Codable, Sendable, Equatable {
    /// `K=V`, as keys carry it.
    public var tag: String
    public var budget: BudgetLimit?
    public var softBudgetUSD: Double?
    public var rpm: Int?
    public var tpm: Int?
    public var maxParallel: Int?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case tag, budget, rpm, tpm
        case softBudgetUSD = "soft_budget_usd", maxParallel = "max_parallel", updatedAt = "updated_at"
    }

    public init(tag: String, budget: BudgetLimit? = nil, softBudgetUSD: Double? = nil, rpm: Int? = nil, tpm: Int? = nil, maxParallel: Int? = nil,
                updatedAt: Date? = nil) {
        self.tag = tag
        self.budget = budget
        self.softBudgetUSD = softBudgetUSD
        self.rpm = rpm
        self.tpm = tpm
        self.maxParallel = maxParallel
        self.updatedAt = updatedAt ?? Date().wholeSeconds
    }

    public var subject: LimitSubject {
        LimitSubject(scope: "tag:" + tag, label: "the tag \(tag)", budget: budget, softBudgetUSD: softBudgetUSD, rpm: rpm, tpm: tpm,
                     maxParallel: maxParallel)
    }

    /// `K=V` with the characters tags allow; returns it unchanged.
    public static func check(_ tag: String) throws -> String {
        guard let parsed = try? KeySpec.parseTags([tag]), parsed.count == 1 else {
            throw GatewayError.invalid("tag '\(tag.prefix(80))' must be K=V (letters, digits, . _ - : /)")
        }
        return tag
    }
}
