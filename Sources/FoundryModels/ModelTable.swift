import Foundation
import FoundryCore
import FoundryProviders

/// The human table of `foundry models`.
enum ModelTable {
    static func render(_ entries: [CatalogEntry], registry: ProviderRegistry, width: Int) -> String {
        var table = TextTable([
            ("PROVIDER", .left), ("MODEL", .left), ("CONTEXT", .right), ("IN→OUT", .left), ("TOOLS", .left), ("JSON", .left),
            ("IN $/M", .right), ("CACHED $/M", .right), ("OUT $/M", .right), ("WHERE", .left), ("READY", .left),
        ])
        for e in entries {
            table.add([
                e.provider, e.shortID, tokens(e.contextWindow),
                modalities(e.inputModalities) + "→" + modalities(e.outputModalities),
                e.has(.tools) ? "yes" : "-", e.has(.json) ? "yes" : "-",
                PriceText.perMillion(e.prices.input), PriceText.perMillion(e.prices.cachedInput), PriceText.perMillion(e.prices.output),
                location(e), registry.availability(of: e) == .ready ? "yes" : "no",
            ])
        }
        return table.render(width: width)
    }

    static func tokens(_ n: Int) -> String {
        if n >= 1_000_000, n % 1_000_000 == 0 || n % 1_048_576 == 0 { return "\(n / 1_000_000)M" }
        if n >= 1000 { return "\(Int((Double(n) / 1000).rounded()))k" }
        return String(n)
    }

    static func modalities(_ m: [String]) -> String {
        m.map { String($0.prefix(1)) == "p" ? "pdf" : String($0.prefix(5)) }.joined(separator: "+")
    }

    static func location(_ e: CatalogEntry) -> String {
        switch e.location {
        case .cloud: "cloud/" + (e.regionFamily ?? "global")
        case .onPrem: "on-prem"
        case .local: "local"
        }
    }
}
