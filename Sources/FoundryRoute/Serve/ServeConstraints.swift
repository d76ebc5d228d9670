import Foundation
import FoundryCore
import FoundryRouting

/// Constraints for one served request: `x-foundry-*` headers, then the body's `foundry` object
/// (the body wins), over the server's defaults. Names match the CLI flags:
/// max-cost, max-latency, max-total-latency, min-quality, needs, provider, exclude, local-only,
/// on-prem-only, region, prefer, band, budget-daily.
enum ServeConstraints {
    static let keys = ["max-cost", "max-latency", "max-total-latency", "min-quality", "needs", "provider", "exclude",
                       "local-only", "on-prem-only", "region", "prefer", "band"]

    static func build(headers: [String: String], body: [String: JSONValue], defaults: RouteConstraints, maxTokens: Int?) throws -> RouteConstraints {
        var values: [String: String] = [:]
        for key in keys { if let v = headers["x-foundry-" + key] { values[key] = v } }
        for (k, v) in body {
            let key = k.replacingOccurrences(of: "_", with: "-")
            guard keys.contains(key) else { throw FoundryError.usage("unknown foundry constraint '\(k)'", hint: "known: " + keys.joined(separator: ", ")) }
            switch v {
            case .string(let s): values[key] = s
            case .number(let n): values[key] = String(n)
            case .bool(let b): values[key] = String(b)
            case .array(let a): values[key] = a.compactMap(\.stringValue).joined(separator: ",")
            default: throw FoundryError.usage("foundry.\(k) has an unsupported value")
            }
        }
        var c = defaults
        if let n = maxTokens { c.maxTokens = n }
        func number(_ key: String) throws -> Double? {
            guard let text = values[key] else { return nil }
            guard let n = Double(text), n.isFinite, n >= 0 else { throw FoundryError.usage("\(key) must be a non-negative number, not '\(text)'") }
            return n
        }
        func flag(_ key: String) -> Bool? { values[key].map { ["1", "true", "yes"].contains($0.lowercased()) } }
        func list(_ key: String) -> [String]? { values[key].map { CommaList.parse($0) } }
        if let v = try number("max-cost") { c.maxCostUSD = v }
        if let v = try number("max-latency") { c.maxLatencyMs = v }
        if let v = try number("max-total-latency") { c.maxTotalLatencyMs = v }
        if let v = try number("min-quality") {
            guard v <= 1 else { throw FoundryError.usage("min-quality must be between 0 and 1") }
            c.minQuality = v
        }
        if let v = try number("band") { c.band = v }
        if let v = values["needs"] { c.needs = try Capability.parseList(v) }
        if let v = list("provider") { c.providers = v }
        if let v = list("exclude") { c.exclude = v }
        if let v = flag("local-only") { c.localOnly = v }
        if let v = flag("on-prem-only") { c.onPremOnly = v }
        if let v = values["region"] { c.region = v }
        if let v = values["prefer"] {
            guard let p = RouteConstraints.Preference(rawValue: v) else {
                throw FoundryError.usage("prefer must be balanced, cost, quality or latency, not '\(v)'")
            }
            c.prefer = p
        }
        return c
    }
}
