import Foundation

/// What a request is counted against: its key, and each of its tags that has limits of its own
/// (`foundry tags set`). A request is admitted only when every subject has room, and reserves
/// and settles on all of them at once.
public struct LimitSubject: Sendable, Equatable {
    /// `key:NAME` or `tag:K=V`: the account's name here and in the store.
    public var scope: String
    /// How messages name it: `the key 'NAME'`, `the tag team=search`.
    public var label: String
    public var budget: BudgetLimit?
    public var softBudgetUSD: Double?
    public var rpm: Int?
    public var tpm: Int?
    public var maxParallel: Int?

    public init(scope: String, label: String, budget: BudgetLimit? = nil, softBudgetUSD: Double? = nil, rpm: Int? = nil, tpm: Int? = nil,
                maxParallel: Int? = nil) {
        self.scope = scope
        self.label = label
        self.budget = budget
        self.softBudgetUSD = softBudgetUSD
        self.rpm = rpm
        self.tpm = tpm
        self.maxParallel = maxParallel
    }

    /// Whether it limits anything.
    public var limits: Bool { budget != nil || rpm != nil || tpm != nil || maxParallel != nil }
}

extension VirtualKey {
    /// The key's own limits.
    public var limitSubject: LimitSubject {
        LimitSubject(scope: "key:" + name, label: "the key '\(name)'", budget: budget, softBudgetUSD: softBudgetUSD, rpm: rpm, tpm: tpm,
                     maxParallel: maxParallel)
    }
}
