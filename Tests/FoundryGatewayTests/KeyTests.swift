import Foundation
import FoundryCore
import FoundryGateway
import Testing

@Suite("virtual keys: secrets, limits, patterns, authentication")
struct KeyTests {
    @Test func secretsAreLongRandomAndHashed() {
        let a = KeySecret.generate(), b = KeySecret.generate()
        #expect(a != b)
        #expect(a.hasPrefix("sk-fdy-") && a.count == 7 + 43)
        #expect(KeySecret.hash(a).count == 64)
        #expect(KeySecret.hash(a) == KeySecret.hash(a))
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        #expect(KeySecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(KeySecret.hint(a).hasSuffix(String(a.suffix(4))) && !KeySecret.hint(a).contains(String(a.dropFirst(7).prefix(20))))
        #expect(KeySecret.constantTimeEqual("abcd", "abcd"))
        #expect(!KeySecret.constantTimeEqual("abcd", "abce"))
        #expect(!KeySecret.constantTimeEqual("abcd", "abc"))
    }

    @Test func budgetsParseAndNameWhatIsWrong() throws {
        #expect(try BudgetLimit(parsing: "50/day") == BudgetLimit(amountUSD: 50, period: .day))
        #expect(try BudgetLimit(parsing: "200/week") == BudgetLimit(amountUSD: 200, period: .week))
        #expect(try BudgetLimit(parsing: "$1000/month") == BudgetLimit(amountUSD: 1000, period: .month))
        #expect(try BudgetLimit(parsing: "12.5") == BudgetLimit(amountUSD: 12.5, period: .day))
        for bad in ["50/fortnight", "fifty/day", "-1/day", "50/day/extra", "", "nan/day"] {
            #expect {
                _ = try BudgetLimit(parsing: bad)
            } throws: { "\($0)".contains("--budget '\(bad)'") }
        }
    }

    @Test func periodsStartInUTCOnMondaysAndFirstDays() throws {
        // Wednesday 2026-12-09 15:30 UTC.
        let date = Date(timeIntervalSince1970: 1_796_830_200)
        let iso = ISO8601DateFormatter()
        #expect(iso.string(from: BudgetLimit.Period.day.start(containing: date)) == "2026-12-09T00:00:00Z")
        #expect(iso.string(from: BudgetLimit.Period.week.start(containing: date)) == "2026-12-07T00:00:00Z")
        #expect(iso.string(from: BudgetLimit.Period.month.start(containing: date)) == "2026-12-01T00:00:00Z")
        #expect(iso.string(from: BudgetLimit.Period.month.end(containing: date)) == "2027-01-01T00:00:00Z")
        #expect(iso.string(from: BudgetLimit.Period.week.end(containing: date)) == "2026-12-14T00:00:00Z")
    }

    @Test func modelPatterns() throws {
        #expect(ModelPatterns.matches([], "openai/gpt-5"))
        #expect(ModelPatterns.matches(["openai/*"], "openai/gpt-5-mini"))
        #expect(!ModelPatterns.matches(["openai/*"], "anthropic/claude-haiku-4-5"))
        #expect(ModelPatterns.matches(["anthropic/claude-haiku-4-5"], "anthropic/claude-haiku-4-5"))
        #expect(!ModelPatterns.matches(["anthropic/claude-haiku-4-5"], "anthropic/claude-haiku-4-5-x"))
        #expect(ModelPatterns.matches(["*mini*"], "openai/gpt-5-mini"))
        #expect(try ModelPatterns.parse("openai/*,local/*") == ["openai/*", "local/*"])
        #expect(throws: (any Error).self) { try ModelPatterns.parse("openai/*,,local/*") }
    }

    @Test func specsAreCheckedBeforeAnythingIsIssued() throws {
        let (secret, key) = try KeySpec(name: "search-team", budget: "50/day", softBudgetUSD: 40, rpm: 600, models: ["openai/*"],
                                        expires: "30d", tags: ["team": "search"]).issue()
        #expect(key.hash == KeySecret.hash(secret) && key.budget?.amountUSD == 50 && key.rpm == 600)
        #expect(key.expiresAt!.timeIntervalSince(key.createdAt) == 30 * 86_400)
        func refused(_ spec: KeySpec, _ text: String) {
            #expect { _ = try spec.issue() } throws: { "\($0)".contains(text) }
        }
        refused(KeySpec(name: "bad name"), "key name 'bad name'")
        refused(KeySpec(name: "k", budget: "50/fortnight"), "unknown period 'fortnight'")
        refused(KeySpec(name: "k", rpm: 0), "--rpm 0")
        refused(KeySpec(name: "k", softBudgetUSD: 5), "needs --budget")
        refused(KeySpec(name: "k", budget: "10/day", softBudgetUSD: 20), "above --budget")
        refused(KeySpec(name: "k", expires: "soon"), "--expires 'soon'")
        #expect(throws: (any Error).self) { try KeySpec.parseTags(["team"]) }
        #expect(try KeySpec.parseTags(["team=search", "env=prod"]) == ["team": "search", "env": "prod"])
    }

    @Test func theRingAcceptsOnlyLiveKeysAndNeverEchoesThem() throws {
        let (live, liveKey) = try KeySpec(name: "live").issue()
        let (revoked, gone) = try KeySpec(name: "gone").issue()
        var revokedKey = gone
        revokedKey.revokedAt = Date()
        let (expired, old) = try KeySpec(name: "old").issue()
        var expiredKey = old
        expiredKey.expiresAt = Date().addingTimeInterval(-1)
        let ring = KeyRing([liveKey, revokedKey, expiredKey], version: 3)
        #expect(try ring.authenticate("Bearer \(live)").get().name == "live")
        #expect(try ring.authenticate("bearer  \(live)").get().name == "live")
        func refusal(_ header: String?) -> AuthRefusal? {
            if case .failure(let r) = ring.authenticate(header) { return r }
            return nil
        }
        #expect(refusal(nil) == .missing)
        #expect(refusal("") == .missing)
        #expect(refusal(live) == .malformed)
        #expect(refusal("Basic \(live)") == .malformed)
        #expect(refusal("Bearer ") == .malformed)
        #expect(refusal("Bearer sk-fdy-nope") == .unknown)
        #expect(refusal("Bearer \(revoked)") == .revoked("gone"))
        if case .expired(let name, _)? = refusal("Bearer \(expired)") { #expect(name == "old") } else { Issue.record("expired key accepted") }
        for header in [live, "Bearer sk-fdy-nope" + live, "Basic " + live] {
            if let r = refusal(header) { #expect(!r.description.contains(live)) }
        }
    }

    @Test func storeURLs() throws {
        #expect(try StoreURL(parsing: "file") == .file(directory: nil))
        #expect(try StoreURL(parsing: "file:/var/lib/foundry") == .file(directory: "/var/lib/foundry"))
        guard case .postgres(let p) = try StoreURL(parsing: "postgres://svc:s3cret%21@db.internal:6543/gateway?sslmode=disable") else {
            Issue.record("not postgres")
            return
        }
        #expect(p.host == "db.internal" && p.port == 6543 && p.user == "svc" && p.password == "s3cret!" && p.database == "gateway" && p.tls == .disable)
        #expect(StoreURL.postgres(p).description == "postgres://svc@db.internal:6543/gateway")
        for (bad, text) in [("redis://x", "expected 'file'"), ("postgres://db/x", "names no user"), ("postgres://u@db", "names no database"),
                            ("postgres://u:hunter22@db:99999/x", "port"), ("file:relative", "absolute"),
                            ("postgres://u@db/x?sslmode=maybe", "sslmode"), ("postgres://u@db/x?pool=3", "unknown URL parameter 'pool'")] {
            #expect { _ = try StoreURL(parsing: bad) } throws: { error in
                "\(error)".contains(text) && !"\(error)".contains("hunter22")
            }
        }
    }
}
