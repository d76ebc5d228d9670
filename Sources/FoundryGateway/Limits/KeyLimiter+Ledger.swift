import Foundation

/// The limiter's conversation with the store: budget shares and rate leases asked for when a
/// request needs them, spend reported and unused shares and leases given back in batches.
extension KeyLimiter {
    public func replenish(_ key: VirtualKey, worstUSD: Double, worstTokens: Int = 0, now: Date = Date()) async throws {
        try await replenish([key.limitSubject], worstUSD: worstUSD, worstTokens: worstTokens, now: now)
    }

    /// Asks the ledger for what `subjects` lack for a request of this size: a larger budget
    /// share (enough for the request and 2 % of the budget more, so the store is asked once per
    /// many requests) and fresh leases on request and token rates.
    /// `ahead`: nothing has run out yet, but soon will (`runsLow`): each is renewed with room to
    /// spare, so that requests keep finding a share, lease or slot and never wait for the store.
    public func replenish(_ subjects: [LimitSubject], worstUSD: Double, worstTokens: Int, now: Date = Date(), ahead: Bool = false) async throws {
        guard let ledger else { return }
        for subject in subjects where subject.limits {
            let scope = subject.scope
            if let budget = subject.budget {
                try await once("budget:" + scope) {
                    try await self.growShare(scope, budget: budget, worstUSD: worstUSD, now: now, ahead: ahead, ledger: ledger)
                }
            }
            if let rpm = subject.rpm {
                try await once("rpm:" + scope) { try await self.renewLease(scope, .requests, limit: rpm, need: 1, ahead: ahead, ledger: ledger) }
            }
            if let tpm = subject.tpm {
                try await once("tpm:" + scope) {
                    try await self.renewLease(scope, .tokens, limit: tpm, need: Double(worstTokens), ahead: ahead, ledger: ledger)
                }
            }
            if let max = subject.maxParallel {
                try await once("parallel:" + scope) { try await self.growSlots(scope, limit: max, ahead: ahead, ledger: ledger) }
            }
        }
    }

    /// Whether a subject's share, leases or slots will soon run out (after admitting a request):
    /// less than 1 % of a budget left in the share, a lease past half its life or with less than
    /// half a chunk left, fewer than half a chunk of free slots. Rates and slots of small limits
    /// (under 21, a chunk of 1) are not renewed ahead, so instances do not hold what others need.
    func runsLow(_ subject: LimitSubject, _ a: Account, now t: Double) -> Bool {
        if let budget = subject.budget, a.shareUSD - a.spentUSD - a.reservedUSD < budget.amountUSD * 0.01 { return true }
        for (kind, limit) in [(RateKind.requests, subject.rpm), (.tokens, subject.tpm)] {
            guard let limit, Self.chunk(limit) >= 2, let held = a.leases[kind] else { continue }
            if held.expires - t < leaseLife / 2 || held.lease.remaining < Self.chunk(limit) / 2 { return true }
        }
        if let max = subject.maxParallel, Self.chunk(max) >= 2, Double(a.slots - a.inFlight) < Self.chunk(max) / 2 { return true }
        return false
    }

    /// Renews what runs low in the background, one round at a time and at most ten a second.
    func renewAhead(_ subjects: [LimitSubject], worstUSD: Double, worstTokens: Int) {
        let now = Date().timeIntervalSince1970
        ahead.withLock { a in
            guard a.running == nil, now - a.last >= 0.1 else { return }
            // The lock orders the task's own clearing after this assignment.
            a = (Task {
                defer { self.ahead.withLock { $0.running = nil } }
                try? await self.replenish(subjects, worstUSD: worstUSD, worstTokens: worstTokens, ahead: true)
            }, now)
        }
    }

    /// Runs `ask` unless the same question is already being asked of the store, in which case
    /// it waits for that answer first: many requests finding a share or lease used up at once
    /// cause one store query, not one each (which would take the whole limit in leases). After
    /// waiting, its own `ask` runs too; it finds what it needs already there (no query) unless
    /// the answer it waited for was smaller than its need.
    private func once(_ question: String, _ ask: @escaping @Sendable () async throws -> Void) async throws {
        while true {
            let (task, mine) = asking.withLock { asking -> (Task<Void, any Error>, Bool) in
                if let running = asking[question] { return (running, false) }
                // The question is no longer being asked once its task ends (the lock orders the
                // removal after this insertion), so a waiter that loops never finds it again.
                let task = Task {
                    defer { self.asking.withLock { $0[question] = nil } }
                    try await ask()
                }
                asking[question] = task
                return (task, true)
            }
            try await task.value
            if mine { return }
        }
    }

    /// In-flight slots are shares too, of a budget with no period: the store grants them so that
    /// all instances' slots never sum past the limit; idle slots go back after a second.
    static let slotPeriod = Date(timeIntervalSince1970: 0)

    private func growSlots(_ scope: String, limit: Int, ahead: Bool, ledger: any BudgetLedger) async throws {
        let spare = ahead ? Int(Self.chunk(limit) / 2) : 0
        let missing = state.withLock { s in s.accounts[scope].map { $0.inFlight + 1 + spare - $0.slots } ?? 1 + spare }
        guard missing > 0 else { return }
        // Headroom (a twentieth of the limit) so that requests arriving meanwhile find a slot too.
        let granted = try await ledger.grant(scope: "parallel:" + scope, period: Self.slotPeriod, limit: Double(limit),
                                             want: Double(missing) + Self.chunk(limit))
        state.withLock { s in s.accounts[scope, default: Account()].slots += Int(granted.rounded(.down)) }
    }

    private func growShare(_ scope: String, budget: BudgetLimit, worstUSD: Double, now: Date, ahead: Bool, ledger: any BudgetLedger) async throws {
        let period = budget.periodStart(containing: now)
        let need = worstUSD + (ahead ? budget.amountUSD * 0.01 : 0)
        let missing = state.withLock { s -> Double in
            let a = s.accounts[scope] ?? Account()
            return a.periodStart == period ? a.spentUSD + a.reservedUSD + need - a.shareUSD : need
        }
        guard missing > 0 else { return }
        let granted = try await ledger.grant(scope: scope, period: period, limit: budget.amountUSD, want: missing + budget.amountUSD * 0.02)
        state.withLock { s in
            var a = s.accounts[scope] ?? Account()
            if a.periodStart != period {
                a.periodStart = period
                a.spentUSD = 0
                a.shareUSD = 0
            }
            a.shareUSD += granted
            s.accounts[scope] = a
        }
    }

    /// A new lease when the one held cannot admit `need` more. Its life is counted from before
    /// the store is asked, so it ends no later than the store counts it.
    private func renewLease(_ scope: String, _ kind: RateKind, limit: Int, need: Double, ahead: Bool, ledger: any BudgetLedger) async throws {
        let asked = Date().timeIntervalSince1970
        // Ahead of need, a lease past half its life or half used is renewed.
        let (life, left) = ahead ? (leaseLife / 2, max(need, Self.chunk(limit) / 2)) : (0, need)
        let enough = state.withLock { s in
            s.accounts[scope]?.leases[kind].map { $0.expires - asked > life && $0.lease.remaining >= left } ?? false
        }
        guard !enough else { return }
        let lease = try await ledger.lease(scope: kind.rawValue + ":" + scope, limit: Double(limit), window: window, life: leaseLife,
                                           want: max(need, Self.chunk(limit)), need: need)
        state.withLock { s in
            var a = s.accounts[scope] ?? Account()
            // Renewals of one lease are asked one at a time (`once`), so none arrived meanwhile.
            if lease.id == nil {
                a.fleetRoomAt[kind] = asked + lease.retryAfter
            } else {
                if let held = a.leases[kind] { s.ended.append(held.lease) }
                a.leases[kind] = HeldLease(lease: lease, expires: asked + leaseLife)
                a.fleetRoomAt[kind] = nil
            }
            s.accounts[scope] = a
        }
    }

    /// Reports settled spend and shares to the ledger and closes leases whose life is over; a
    /// budget share idle for a second shrinks to what is spent and reserved, so other instances
    /// can have the rest.
    public func reportShares(now: Date = Date()) async throws {
        guard let ledger else { return }
        // A renewal under way lands first, so a share it grants is reported (and released when idle).
        if let renewal = ahead.withLock({ $0.running }) { await renewal.value }
        let t = now.timeIntervalSince1970
        let (changed, ended) = state.withLock { s -> ([BudgetShare], [RateLease]) in
            var out: [BudgetShare] = []
            for (scope, var a) in s.accounts {
                a.endLeases(before: t, into: &s.ended)
                defer { s.accounts[scope] = a }
                var freed = 0
                if t - a.lastAdmitted > 1, a.slots > a.inFlight {
                    freed = a.slots - a.inFlight
                    a.slots = a.inFlight
                }
                if freed > 0 || (a.slots > 0 && t - a.lastSlotReport > 5) {
                    out.append(BudgetShare(scope: "parallel:" + scope, period: Self.slotPeriod, used: 0, released: Double(freed)))
                    a.lastSlotReport = t
                }
                guard let period = a.periodStart else { continue }
                var released = 0.0
                if t - a.lastAdmitted > 1, a.shareUSD > a.spentUSD + a.reservedUSD {
                    released = a.shareUSD - a.spentUSD - a.reservedUSD
                    a.shareUSD -= released
                }
                // A share held beyond what is spent is reported every few seconds as a heartbeat.
                if released > 0 || a.reportedUsed != a.spentUSD || (a.shareUSD > a.spentUSD && t - a.lastReport > 5) {
                    out.append(BudgetShare(scope: scope, period: period, used: a.spentUSD, released: released))
                    a.reportedUsed = a.spentUSD
                    a.lastReport = t
                }
            }
            let ended = s.ended
            s.ended = []
            return (out, ended)
        }
        try await ledger.close(ended)
        try await ledger.report(changed)
    }

    /// Settled spend, reservations and requests in flight of a key now (for reports and tests).
    public func spend(of key: String) -> (spentUSD: Double, reservedUSD: Double, inFlight: Int) { spend(scope: "key:" + key) }

    public func spend(scope: String) -> (spentUSD: Double, reservedUSD: Double, inFlight: Int) {
        state.withLock { s in
            let a = s.accounts[scope] ?? Account()
            return (a.spentUSD, a.reservedUSD, a.inFlight)
        }
    }
}
