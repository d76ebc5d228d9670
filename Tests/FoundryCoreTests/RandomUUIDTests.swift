import Foundation
import FoundryCore
import Testing

@Suite("Random UUIDs")
struct RandomUUIDTests {
    @Test("ids are lowercase version-4 UUIDs that Foundation reads back, and do not repeat")
    func versionFourAndUnique() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = RandomUUID.make()
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(id)")
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
