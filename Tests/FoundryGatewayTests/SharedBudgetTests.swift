import Foundation
@testable import FoundryGateway
import FoundryTestSupport
import Testing

/// Three instances (each a limiter with its own connection) spending one key's budget through
/// one PostgreSQL database.
@Suite("budgets shared through PostgreSQL", .serialized)
struct SharedBudgetTests {
    @Test func threeInstancesNeverSpendPastTheBudget() async throws {
        guard let c = try PostgresStoreTests.server() else { return }
        let database = try c.createDatabase()
        let key = try KeySpec(name: "shared", budget: "1/day").issue().key
        var stores: [PostgresGatewayStore] = []
        var limiters: [KeyLimiter] = []
        for _ in 0..<3 {
            let store = try #require(try GatewayStores.open(c.url(database: database), paths: .init()) as? PostgresGatewayStore)
            stores.append(store)
            limiters.append(KeyLimiter(ledger: PostgresBudgetLedger(store: store)))
        }
        _ = try await stores[0].migrate()
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
