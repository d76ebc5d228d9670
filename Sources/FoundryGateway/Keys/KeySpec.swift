import Foundation

/// What `keys create` (and POST /admin/keys) asks for, checked before anything is stored.
public struct KeySpec: Sendable, Codable, Equatable {
    public var name: String
    public var budget: String?
    public var softBudgetUSD: Double?
    public var rpm: Int?
    public var tpm: Int?
    public var models: [String]
    public var maxParallel: Int?
    /// `30d`, `12h`…
    public var expires: String?
    public var tags: [String: String]
    public var allowTagHeader: Bool

    enum CodingKeys: String, CodingKey {
        case name, budget, rpm, tpm, models, expires, tags
        case softBudgetUSD = "soft_budget_usd", maxParallel = "max_parallel", allowTagHeader = "allow_tag_header"
    }

    public init(name: String, budget: String? = nil, softBudgetUSD: Double? = nil, rpm: Int? = nil, tpm: Int? = nil, models: [String] = [],
                maxParallel: Int? = nil, expires: String? = nil, tags: [String: String] = [:], allowTagHeader: Bool = false) {
        self.name = name
        self.budget = budget
        self.softBudgetUSD = softBudgetUSD
        self.rpm = rpm
        self.tpm = tpm
        self.models = models
        self.maxParallel = maxParallel
        self.expires = expires
        self.tags = tags
        self.allowTagHeader = allowTagHeader
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        budget = try c.decodeIfPresent(String.self, forKey: .budget)
        softBudgetUSD = try c.decodeIfPresent(Double.self, forKey: .softBudgetUSD)
        rpm = try c.decodeIfPresent(Int.self, forKey: .rpm)
        tpm = try c.decodeIfPresent(Int.self, forKey: .tpm)
        models = try c.decodeIfPresent([String].self, forKey: .models) ?? []
        maxParallel = try c.decodeIfPresent(Int.self, forKey: .maxParallel)
        expires = try c.decodeIfPresent(String.self, forKey: .expires)
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        allowTagHeader = try c.decodeIfPresent(Bool.self, forKey: .allowTagHeader) ?? false
    }

    /// Parses `K=V` tags from the command line.
    public static func parseTags(_ items: [String]) throws -> [String: String] {
        var tags: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw GatewayError.invalid("--tag '\(item)': expected KEY=VALUE, such as team=search") }
            tags[parts[0]] = parts[1]
        }
        try checkTags(tags, source: "--tag")
        return tags
    }

    static func checkTags(_ tags: [String: String], source: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:/")
        for (k, v) in tags where k.isEmpty || v.isEmpty || !k.allSatisfy(allowed.contains) || !v.allSatisfy(allowed.contains) || k.count > 64 || v.count > 64 {
            throw GatewayError.invalid("\(source) '\(k)=\(v)': tag names and values are 1–64 letters, digits or . _ - : /")
        }
    }

    /// Checks limits as `keys create` and `tags set` take them; returns the parsed budget.
    public static func checkLimits(budget text: String?, softBudgetUSD: Double?, rpm: Int?, tpm: Int?, maxParallel: Int?) throws -> BudgetLimit? {
        let budget = try text.map { try BudgetLimit(parsing: $0) }
        for (flag, value) in [("--rpm", rpm), ("--tpm", tpm), ("--max-parallel", maxParallel)] {
            if let value, value <= 0 { throw GatewayError.invalid("\(flag) \(value): must be a positive whole number") }
        }
        if let soft = softBudgetUSD, !(soft.isFinite && soft >= 0) { throw GatewayError.invalid("--soft-budget \(soft): must be an amount in USD") }
        if let soft = softBudgetUSD, budget == nil {
            throw GatewayError.invalid("--soft-budget \(soft) needs --budget (the soft budget warns within the budget's period)")
        }
        if let soft = softBudgetUSD, let budget, soft > budget.amountUSD {
            throw GatewayError.invalid("--soft-budget \(soft) is above --budget \(budget) (the warning would come after the refusal)")
        }
        return budget
    }

    /// A new key with a new secret; the secret is returned once and never stored.
    public func issue(now exact: Date = Date()) throws -> (secret: String, key: VirtualKey) {
        let now = exact.wholeSeconds
        try VirtualKey.checkName(name)
        let budget = try Self.checkLimits(budget: self.budget, softBudgetUSD: softBudgetUSD, rpm: rpm, tpm: tpm, maxParallel: maxParallel)
        for pattern in models where pattern.isEmpty || pattern.contains(" ") {
            throw GatewayError.invalid("--models: '\(pattern)' is not a model id or pattern")
        }
        try Self.checkTags(tags, source: "--tag")
        let expiresAt = try expires.map { now.addingTimeInterval(try KeyDuration.seconds($0, flag: "--expires")) }
        let secret = KeySecret.generate()
        let key = VirtualKey(name: name, hash: KeySecret.hash(secret), hint: KeySecret.hint(secret), budget: budget, softBudgetUSD: softBudgetUSD,
                             rpm: rpm, tpm: tpm, models: models, maxParallel: maxParallel, expiresAt: expiresAt, tags: tags,
                             allowTagHeader: allowTagHeader, createdAt: now)
        return (secret, key)
    }
}

/// The operations `foundry keys` and `/admin/keys` share.
public enum KeyAdministration {
    public static func create(_ spec: KeySpec, in store: any GatewayStore) async throws -> (secret: String, key: VirtualKey) {
        let issued = try spec.issue()
        try await store.insert(issued.key)
        return issued
    }

    public static func revoke(_ name: String, in store: any GatewayStore) async throws -> VirtualKey {
        try await store.update(name) { key in
            if key.revokedAt == nil { key.revokedAt = Date().wholeSeconds }
        }
    }

    /// A new secret for the same key (limits, tags and spend stay); the old secret stops working.
    public static func rotate(_ name: String, in store: any GatewayStore) async throws -> (secret: String, key: VirtualKey) {
        let secret = KeySecret.generate()
        let key = try await store.update(name) { key in
            guard key.revokedAt == nil else {
                throw GatewayError.invalid("the key '\(name)' is revoked; create a new key instead of rotating it")
            }
            key.hash = KeySecret.hash(secret)
            key.hint = KeySecret.hint(secret)
            key.rotatedAt = Date().wholeSeconds
        }
        return (secret, key)
    }
}

extension Date {
    /// Key records keep whole seconds (their JSON form), so a record reads back equal.
    package var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
