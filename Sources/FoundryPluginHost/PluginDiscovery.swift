import Foundation
import FoundryCore

/// Finds plugin files: `--plugin FILE`, the config's `defaults.plugins`, the directories in
/// `FOUNDRY_PLUGIN_PATH` (colon-separated) and `$XDG_DATA_HOME/foundry/plugins`.
public struct PluginDiscovery: Sendable {
    public struct Outcome: Sendable {
        public var loaded: [LoadedPlugin] = []
        public var refused: [PluginRefusal] = []

        public init(loaded: [LoadedPlugin] = [], refused: [PluginRefusal] = []) {
            self.loaded = loaded
            self.refused = refused
        }
    }

    public let explicitFiles: [String]
    public let directories: [String]

    public init(context: Context) {
        explicitFiles = context.pluginFiles + context.config.defaults.plugins
        var dirs = (context.environment["FOUNDRY_PLUGIN_PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        dirs.append(context.paths.pluginDirectory)
        directories = dirs
    }

    /// Every candidate file, explicit ones first, without duplicates.
    public var candidateFiles: [String] {
        var files = explicitFiles
        for dir in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            files += names.filter { $0.hasSuffix(".so") }.sorted().map { dir + "/" + $0 }
        }
        var seen = Set<String>()
        return files.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    public func loadAll() -> Outcome {
        var outcome = Outcome()
        for file in candidateFiles {
            switch PluginLoader.load(file) {
            case .success(let plugin): outcome.loaded.append(plugin)
            case .failure(let refusal): outcome.refused.append(refusal)
            }
        }
        return outcome
    }
}
