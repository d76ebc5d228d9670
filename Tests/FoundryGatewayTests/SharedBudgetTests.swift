import Foundation
@testable import FoundryGateway
import FoundryTestSupport
import Synchronization
import Testing

/// Three instances (each a limiter with its own connection) spending one key's budget through
/// one PostgreSQL database.
@Suite("budgets shared through PostgreSQL", .serialized)
struct SharedBudgetTests {
    /// Three instances on one migrated database, each with its own connection and limiter.
    static func instances(_ c: PostgresCluster, database: String, window: Duration = .seconds(60)) async throws
        -> (stores: [PostgresGatewayStore], limiters: [KeyLimiter]) {
        var stores: [PostgresGatewayStore] = []
        for _ in 0..<3 { stores.append(try #require(try GatewayStores.open(c.url(database: database), paths: .init()) as? PostgresGatewayStore)) }
        _ = try await stores[0].migrate()
        return (stores, stores.map { KeyLimiter(window: window, ledger: PostgresBudgetLedger(store: $0)) })
    }

    @Test func threeInstancesShareARequestRate() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let key = try KeySpec(name: "rated", rpm: 10).issue().key
        let (stores, limiters) = try await Self.instances(c, database: database, window: .seconds(2))
        let end = Date().addingTimeInterval(5)
        // Two callers per instance, each asking every 20 ms for 5 s.
        let times = try await withThrowingTaskGroup(of: [Double].self) { group in
            for limiter in limiters {
                for _ in 0..<2 {
                    group.addTask {
                        var admitted: [Double] = []
                        while Date() < end {
                            var result = limiter.admit(key, worstUSD: 0, worstTokens: 5)
                            if case .failure(let r) = result, r.reason == .share {
                                try await limiter.replenish(key, worstUSD: 0, worstTokens: 5)
                                result = limiter.admit(key, worstUSD: 0, worstTokens: 5, final: true)
                            }
                            if case .success(let ticket) = result {
                                admitted.append(Date().timeIntervalSince1970)
                                limiter.settle(ticket, costUSD: 0, tokens: 5)
                            } else if case .failure(let r) = result {
                                #expect(r.reason == .requests && r.retryAfter > 0 && r.message.contains("with every instance"))
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        return admitted
                    }
                }
            }
            return try await group.reduce([], +).sorted()
        }
        var most = 0
        for (i, t) in times.enumerated() { most = max(most, times[i...].prefix { $0 < t + 2 }.count) }
        #expect(most <= 10, "at most 10 admitted in any 2 s across three instances, saw \(most)")
        #expect(times.count >= 20, "5 s hold two full windows (a window and a lease life, 2.2 s, each): \(times.count)")
        // Closed leases count what they admitted, no more.
        for limiter in limiters { try await limiter.reportShares(now: Date().addingTimeInterval(5)) }
        let counted = try await PostgresBudgetLedger(store: stores[0]).leased(scope: "rpm:key:rated", span: 60)
        #expect(counted == Double(times.count), "the store counts \(counted) for \(times.count) admitted")
        for store in stores { await store.close() }
    }

    /// A steady stream of requests never waits for the store after the first: leases past half
    /// their life and shares running low are renewed in the background.
    @Test func leasesAndSharesAreRenewedAheadOfNeed() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let key = try KeySpec(name: "steady", budget: "100/day", rpm: 100_000, tpm: 10_000_000).issue().key
        let (stores, limiters) = try await Self.instances(c, database: database, window: .seconds(10))
        let limiter = limiters[0]
        try await limiter.replenish(key, worstUSD: 0.5, worstTokens: 50)
        var waits = 0, admitted = 0
        let end = Date().addingTimeInterval(3)  // three lease lives (1 s each)
        while Date() < end {
            switch limiter.admit(key, worstUSD: 0.5, worstTokens: 50) {
            case .success(let ticket):
                admitted += 1
                limiter.settle(ticket, costUSD: 0.01, tokens: 20)
            case .failure(let r):
                #expect(r.reason == .share, "\(r.message)")
                waits += 1
                try await limiter.replenish(key, worstUSD: 0.5, worstTokens: 50)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(admitted > 100 && waits == 0, "\(admitted) admitted; \(waits) had to wait for the store")
        for store in stores { await store.close() }
    }

    @Test func threeInstancesShareAnInFlightLimit() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let key = try KeySpec(name: "narrow", maxParallel: 3).issue().key
        let (stores, limiters) = try await Self.instances(c, database: database)
        let inFlight = Gauge()
        let fleet = limiters
        let reporting = Task {
            while !Task.isCancelled {
                for limiter in fleet { try? await limiter.reportShares() }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for limiter in fleet {
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<15 {
                            var result = limiter.admit(key, worstUSD: 0, worstTokens: 0)
                            if case .failure(let r) = result, r.reason == .share {
                                try await limiter.replenish(key, worstUSD: 0)
                                result = limiter.admit(key, worstUSD: 0, worstTokens: 0, final: true)
                            }
                            if case .success(let ticket) = result {
                                inFlight.value.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.admitted += 1 }
                                try await Task.sleep(for: .milliseconds(30))
                                inFlight.value.withLock { $0.now -= 1 }
                                limiter.settle(ticket, costUSD: 0, tokens: 0)
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        reporting.cancel()
        let seen = inFlight.value.withLock { $0 }
        #expect(seen.most <= 3, "at most 3 in flight across three instances, saw \(seen.most)")
        #expect(seen.admitted >= 10, "slots move between instances: \(seen.admitted) of 135 admitted")
        for limiter in limiters { try await limiter.reportShares(now: Date().addingTimeInterval(5)) }
        let held = try await PostgresBudgetLedger(store: stores[0]).totals(scope: "parallel:key:narrow", period: KeyLimiter.slotPeriod)
        #expect(held.granted == 0, "idle slots went back: \(held)")
        for store in stores { await store.close() }
    }

    @Test func threeInstancesNeverSpendPastTheBudget() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let key = try KeySpec(name: "shared", budget: "1/day").issue().key
        let (stores, limiters) = try await Self.instances(c, database: database)
        // Each request may cost up to $0.05 and costs $0.03; 3 × 5 concurrent requests at a time.
        let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
            for limiter in limiters {
                for _ in 0..<5 {
                    group.addTask {
                        var count = 0
                        while true {
                            var result = limiter.admit(key, worstUSD: 0.05, worstTokens: 0)
                            if case .failure(let r) = result, r.reason == .share {
                                try await limiter.replenish(key, worstUSD: 0.05)
                                result = limiter.admit(key, worstUSD: 0.05, worstTokens: 0, final: true)
                            }
                            guard case .success(let ticket) = result else { return count }
                            try await Task.sleep(for: .milliseconds(2))
                            limiter.settle(ticket, costUSD: 0.03, tokens: 0)
                            count += 1
                        }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        for limiter in limiters { try await limiter.reportShares(now: Date().addingTimeInterval(5)) }
        let ledger = PostgresBudgetLedger(store: stores[0])
        let totals = try await ledger.totals(scope: "key:shared", period: BudgetLimit.Period.day.start(containing: Date()))
        let spent = limiters.map { $0.spend(of: "shared").spentUSD }.reduce(0, +)
        #expect(abs(totals.used - spent) < 1e-9, "the store holds every instance's settled spend")
        #expect(spent <= 1.0 + 1e-9, "spent \(spent) of a $1 budget")
        #expect(totals.granted <= 1.0 + 1e-9)
        #expect(spent >= 0.8, "the fleet used most of the budget: \(spent) over \(admitted) requests")
        #expect(totals.granted - totals.used < 1e-9, "idle shares went back to the pool")
        // A fourth instance, later, spends what is left and no more.
        let late = KeyLimiter(ledger: PostgresBudgetLedger(store: stores[1]))
        var refusal: LimitRefusal?
        while refusal == nil {
            var result = late.admit(key, worstUSD: 0.05, worstTokens: 0)
            if case .failure(let r) = result, r.reason == .share {
                try await late.replenish(key, worstUSD: 0.05)
                result = late.admit(key, worstUSD: 0.05, worstTokens: 0, final: true)
            }
            switch result {
            case .success(let ticket): late.settle(ticket, costUSD: 0.03, tokens: 0)
            case .failure(let r): refusal = r
            }
        }
        try await late.reportShares(now: Date().addingTimeInterval(5))
        let final = try await ledger.totals(scope: "key:shared", period: BudgetLimit.Period.day.start(containing: Date()))
        for store in stores { await store.close() }
        #expect(refusal?.reason == .budget && refusal?.message.contains("with every instance on the store") == true)
        #expect(final.used <= 1.0 + 1e-9 && final.used > 0.95 - 1e-9, "\(final)")
    }

    @Test func aDeadInstancesShareReturnsToThePool() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let store = try #require(try GatewayStores.open(c.url(database: database), paths: .init()) as? PostgresGatewayStore)
        _ = try await store.migrate()
        let period = BudgetLimit.Period.day.start(containing: Date())
        let dead = PostgresBudgetLedger(store: store, instance: "dead")
        #expect(try await dead.grant(scope: "key:x", period: period, limit: 1, want: 0.9) == 0.9)
        let alive = PostgresBudgetLedger(store: store, instance: "alive")
        let left = try await alive.grant(scope: "key:x", period: period, limit: 1, want: 0.5)
        #expect(abs(left - 0.1) < 1e-9, "0.9 is held, 0.1 is left: \(left)")
        try c.psql("UPDATE foundry_budget_shares SET updated_at = now() - interval '31 seconds', used = 0.2 WHERE instance = 'dead'", database: database)
        let more = try await alive.grant(scope: "key:x", period: period, limit: 1, want: 0.5)
        #expect(abs(more - 0.5) < 1e-9, "the dead instance's unused 0.7 came back: \(more)")
        await store.close()
    }
}

/// Requests in flight across test instances: now, the most seen, and how many were admitted.
final class Gauge: Sendable {
    let value = Mutex((now: 0, most: 0, admitted: 0))
}
