import Foundation
@testable import FoundryGateway
import Testing

@Suite("key limits: windows, reservations, budgets")
struct LimitTests {
    func key(_ name: String = "k", budget: String? = nil, soft: Double? = nil, rpm: Int? = nil, tpm: Int? = nil, parallel: Int? = nil) throws -> VirtualKey {
        try KeySpec(name: name, budget: budget, softBudgetUSD: soft, rpm: rpm, tpm: tpm, maxParallel: parallel).issue().key
    }

    @Test func windowEdges() {
        var w = SlidingWindow()
        w.add(id: 1, time: 100, amount: 1)
        w.add(id: 2, time: 130, amount: 2)
        w.trim(now: 159.999, length: 60)
        #expect(w.total == 3)
        w.trim(now: 160, length: 60)  // the first admission leaves exactly one window later
        #expect(w.total == 2)
        #expect(w.wait(forRoom: 1, limit: 2, now: 160, length: 60) == 30)
        w.correct(id: 2, amount: 0.5)
        #expect(w.total == 0.5)
        w.trim(now: 190, length: 60)
        #expect(w.total == 0)
    }

    @Test func requestsPerWindow() throws {
        let limiter = KeyLimiter(window: .seconds(60))
        let k = try key(rpm: 3)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        for i in 0..<3 {
            let ticket = try limiter.admit(k, worstUSD: 0, worstTokens: 10, now: t0.addingTimeInterval(Double(i))).get()
            limiter.settle(ticket, costUSD: 0, tokens: 10)
            #expect(ticket.headers["x-ratelimit-remaining-requests"] == "\(2 - i)")
        }
        guard case .failure(let refusal) = limiter.admit(k, worstUSD: 0, worstTokens: 10, now: t0.addingTimeInterval(10)) else {
            Issue.record("the fourth request in a minute was admitted")
            return
        }
        #expect(refusal.reason == .requests && refusal.retryAfter == 50)
        #expect(refusal.headers["x-ratelimit-reset-requests"] == "50s" && refusal.headers["x-ratelimit-remaining-requests"] == "0")
        #expect((try? limiter.admit(k, worstUSD: 0, worstTokens: 10, now: t0.addingTimeInterval(60)).get()) != nil)
    }

    @Test func tokensAreReservedAtTheWorstAndSettledAtTheReal() throws {
        let limiter = KeyLimiter()
        let k = try key(tpm: 1000)
        let now = Date()
        let a = try limiter.admit(k, worstUSD: 0, worstTokens: 600, now: now).get()
        guard case .failure(let r) = limiter.admit(k, worstUSD: 0, worstTokens: 600, now: now) else { Issue.record("over tpm"); return }
        #expect(r.reason == .tokens)
        limiter.settle(a, costUSD: 0, tokens: 100)
        #expect((try? limiter.admit(k, worstUSD: 0, worstTokens: 600, now: now).get()) != nil)
        guard case .failure(let big) = limiter.admit(k, worstUSD: 0, worstTokens: 5000, now: now) else { Issue.record("over tpm"); return }
        #expect(big.retryAfter == 60)
    }

    @Test func budgetsReserveTheWorstCaseAndSettleTheCost() throws {
        let limiter = KeyLimiter()
        let k = try key(budget: "1/day", soft: 0.5)
        let now = Date(timeIntervalSince1970: 1_796_830_200)  // Wednesday 15:30 UTC
        let a = try limiter.admit(k, worstUSD: 0.4, worstTokens: 0, now: now).get()
        #expect(a.warning == nil)
        let b = try limiter.admit(k, worstUSD: 0.4, worstTokens: 0, now: now).get()
        #expect(b.warning?.contains("soft budget") == true, "0.8 spent or reserved is past 0.5")
        guard case .failure(let refused) = limiter.admit(k, worstUSD: 0.4, worstTokens: 0, now: now) else { Issue.record("over budget"); return }
        #expect(refused.reason == .budget && refused.retryAfter == 8.5 * 3600)
        limiter.settle(a, costUSD: 0.1, tokens: 0)
        let c = try limiter.admit(k, worstUSD: 0.4, worstTokens: 0, now: now).get()
        #expect(limiter.spend(of: "k").spentUSD == 0.1 && abs(limiter.spend(of: "k").reservedUSD - 0.8) < 1e-12)
        limiter.settle(b, costUSD: 0.4, tokens: 0)
        limiter.settle(c, costUSD: 0.4, tokens: 0)
        #expect(abs(limiter.spend(of: "k").spentUSD - 0.9) < 1e-12)
        // The next day starts from nothing.
        let tomorrow = now.addingTimeInterval(9 * 3600)
        #expect((try? limiter.admit(k, worstUSD: 0.9, worstTokens: 0, now: tomorrow).get()) != nil)
        // Spend read at start counts.
        let fresh = KeyLimiter()
        fresh.preload(key: "k", periodStart: BudgetLimit.Period.day.start(containing: now), spentUSD: 0.95)
        #expect((try? fresh.admit(k, worstUSD: 0.1, worstTokens: 0, now: now).get()) == nil)
    }

    @Test func inFlight() throws {
        let limiter = KeyLimiter()
        let k = try key(parallel: 2)
        let a = try limiter.admit(k, worstUSD: 0, worstTokens: 0).get()
        _ = try limiter.admit(k, worstUSD: 0, worstTokens: 0).get()
        guard case .failure(let r) = limiter.admit(k, worstUSD: 0, worstTokens: 0) else { Issue.record("three in flight"); return }
        #expect(r.reason == .parallel)
        limiter.settle(a, costUSD: 0, tokens: 0)
        #expect((try? limiter.admit(k, worstUSD: 0, worstTokens: 0).get()) != nil)
    }

    @Test func aTagBudgetCountsEveryKeyThatCarriesTheTag() throws {
        let limiter = KeyLimiter()
        let a = try key("a", budget: "5/day"), b = try key("b", budget: "5/day")
        let team = TagLimit(tag: "team=x", budget: try BudgetLimit(parsing: "1/day"), softBudgetUSD: 0.5).subject
        let now = Date()
        let first = try limiter.admit([a.limitSubject, team], worstUSD: 0.6, worstTokens: 0, now: now).get()
        #expect(first.warning?.contains("the tag team=x is past its soft budget") == true)
        guard case .failure(let r) = limiter.admit([b.limitSubject, team], worstUSD: 0.6, worstTokens: 0, now: now) else {
            Issue.record("the tag's budget was passed through a second key")
            return
        }
        #expect(r.reason == .budget && r.message.hasPrefix("the tag team=x has spent or reserved all but $0.4000"))
        #expect(limiter.spend(of: "b").reservedUSD == 0, "a refused request reserves nothing on its key either")
        limiter.settle(first, costUSD: 0.3, tokens: 0)
        #expect(limiter.spend(scope: "tag:team=x").spentUSD == 0.3 && limiter.spend(of: "a").spentUSD == 0.3)
        let second = try limiter.admit([b.limitSubject, team], worstUSD: 0.6, worstTokens: 0, now: now).get()
        limiter.settle(second, costUSD: 0.2, tokens: 0)
        #expect(abs(limiter.spend(scope: "tag:team=x").spentUSD - 0.5) < 1e-12 && limiter.spend(of: "b").spentUSD == 0.2)
    }

    @Test func theRingCountsAKeysTagsThatHaveLimits() throws {
        let k = try KeySpec(name: "k", tags: ["team": "x", "env": "prod"]).issue().key
        let ring = KeyRing([k], tagLimits: [TagLimit(tag: "team=x", rpm: 5), TagLimit(tag: "team=y", rpm: 1)])
        #expect(ring.subjects(k, tags: k.tags).map(\.scope) == ["key:k", "tag:team=x"])
        #expect(ring.subjects(k, tags: ["team": "y"]).map(\.scope) == ["key:k", "tag:team=y"])
    }

    @Test func resetDurationsInOpenAIsFormat() {
        #expect(KeyLimiter.duration(0.25) == "250ms")
        #expect(KeyLimiter.duration(1) == "1s")
        #expect(KeyLimiter.duration(59.2) == "60s" || KeyLimiter.duration(59.2) == "1m0s")
        #expect(KeyLimiter.duration(360) == "6m0s")
    }
}
