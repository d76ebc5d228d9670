import Foundation
import FoundryCore
import FoundryCatalog

/// Dynamic shell completions: provider and model names from the assembled catalog (including
/// plugins), computed by the binary when the shell asks.
public enum ModelCompletion {
    @Sendable public static func providers(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        names(prefix) { $0.providers }
    }

    @Sendable public static func models(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        names(prefix) { $0.entries.map(\.id) }
    }

    private static func names(_ prefix: String, _ pick: (Catalog) -> [String]) -> [String] {
        guard let context = try? Context(quiet: true),
              let registry = try? ProviderRegistry(context: context, scanLocalFiles: false) else { return [] }
        return pick(registry.catalog).filter { $0.hasPrefix(prefix) }.sorted()
    }
}
