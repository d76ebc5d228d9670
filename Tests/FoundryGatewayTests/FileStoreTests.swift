import Foundation
import FoundryGateway
import FoundryTestSupport
import Testing

@Suite("the file store (one instance)")
struct FileStoreTests {
    @Test func keysRoundTripAndChangesBumpTheVersion() async throws {
        let store = FileGatewayStore(directory: try TestEnvironment.temporaryDirectory() + "/state")
        _ = try await store.migrate()
        #expect(try await store.keys().isEmpty)
        let (_, key) = try await KeyAdministration.create(KeySpec(name: "b-team", budget: "5/week", tags: ["team": "b"]), in: store)
        _ = try await KeyAdministration.create(KeySpec(name: "a-team"), in: store)
        #expect(try await store.keys().map(\.name) == ["a-team", "b-team"])
        #expect(try await store.key(named: "b-team") == key)
        let v = try await store.keysVersion()
        let revoked = try await KeyAdministration.revoke("b-team", in: store)
        #expect(revoked.revokedAt != nil)
        #expect(try await store.keysVersion() == v + 1)
        await #expect { _ = try await KeyAdministration.create(KeySpec(name: "a-team"), in: store) } throws: { "\($0)".contains("exists already") }
        await #expect { _ = try await KeyAdministration.revoke("nobody", in: store) } throws: { "\($0)".contains("no key named 'nobody'") }
        await #expect { _ = try await KeyAdministration.rotate("b-team", in: store) } throws: { "\($0)".contains("revoked") }
        let (secret, rotated) = try await KeyAdministration.rotate("a-team", in: store)
        #expect(rotated.hash == KeySecret.hash(secret) && rotated.rotatedAt != nil)
        let team = TagLimit(tag: "team=b", budget: try BudgetLimit(parsing: "20/month"), softBudgetUSD: 15, updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let before = try await store.keysVersion()
        try await store.setTagLimit(team)
        #expect(try await store.tagLimits() == [team])
        #expect(try await store.keysVersion() == before + 1)
        try await store.removeTagLimit("team=b")
        #expect(try await store.tagLimits().isEmpty)
        await #expect { try await store.removeTagLimit("team=b") } throws: { "\($0)".contains("has no limits") }
    }

    @Test func aKeyFileOthersCanReadIsRefused() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let store = FileGatewayStore(directory: directory)
        _ = try await KeyAdministration.create(KeySpec(name: "k"), in: store)
        chmod(directory + "/keys.json", 0o644)
        await #expect { _ = try await store.keys() } throws: { "\($0)".contains("readable by other users") }
    }
}
