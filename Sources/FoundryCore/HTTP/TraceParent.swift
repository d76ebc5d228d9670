import Foundation

/// W3C Trace Context's `traceparent` header (`00-<32 hex trace id>-<16 hex parent id>-<2 hex
/// flags>`): `route serve` passes a client's valid value to the upstream and keeps it in the
/// decision record, so a request can be followed across services. An invalid value is dropped,
/// as the specification asks, never passed on.
public enum TraceParent {
    public static let header = "traceparent"

    /// The value if it is a well-formed traceparent, else nil.
    public static func valid(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.prefix(4).allSatisfy({ $0.allSatisfy(\.isHexDigit) }), parts[0] != "ff",
              parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16),
              parts[0] != "00" || parts.count == 4 else { return nil }
        return value
    }
}
