import FoundryCore
import Testing

@Suite("W3C traceparent")
struct TraceParentTests {
    @Test func validValuesPassAndInvalidOnesAreDropped() {
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        #expect(TraceParent.valid(good) == good)
        #expect(TraceParent.valid(good.uppercased()) == good)
        #expect(TraceParent.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future") != nil, "a later version may add fields")
        for bad in [nil, "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"] {
            #expect(TraceParent.valid(bad) == nil, "\(bad ?? "nil")")
        }
    }
}
