import Foundation

/// The hop marker that keeps `route serve` from routing to itself. Every request a `route serve`
/// instance relays upstream carries `x-foundry-hop` with the instances it has passed through,
/// this one last; an instance that finds its own mark on an arriving request refuses it at once
/// (HTTP 508), so a provider whose URL points back at the gateway, directly or through other
/// instances, is one failed attempt instead of an endless loop.
public enum RelayHops {
    public static let header = "x-foundry-hop"

    /// This process's mark: random, so two instances on one machine never share it.
    public static let instance: String = "fd-" + RandomUUID.make().replacingOccurrences(of: "-", with: "").prefix(16)

    /// The marks in a header value ("a, b").
    public static func parse(_ value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The header value a relayed request carries.
    public static func value(_ hops: [String]) -> String { hops.joined(separator: ", ") }
}
