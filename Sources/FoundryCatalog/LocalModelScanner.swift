import Foundation
import FoundryCore
import FoundryGGUF

/// Finds GGUF files on this machine and describes them as catalog entries of the `local`
/// provider: `--models-dir`, the config's `models_dirs`, `$XDG_DATA_HOME/foundry/models` and
/// the Hugging Face hub cache.
public struct LocalModelScanner: Sendable {
    public let directories: [String]

    public init(directories: [String]) { self.directories = directories }

    /// The default places, after any explicit ones.
    public static func defaultDirectories(context: Context, extra: [String]) -> [String] {
        let home = context.environment["HOME"] ?? NSHomeDirectory()
        let expand = { (p: String) in p.hasPrefix("~/") ? home + p.dropFirst(1) : p }
        var dirs = extra.map(expand) + context.config.defaults.modelsDirectories.map(expand)
        dirs.append(context.paths.modelsDirectory)
        if let hub = context.environment["HF_HUB_CACHE"] {
            dirs.append(hub)
        } else if let hf = context.environment["HF_HOME"] {
            dirs.append(hf + "/hub")
        } else {
            dirs.append((context.environment["XDG_CACHE_HOME"] ?? home + "/.cache") + "/huggingface/hub")
        }
        return dirs
    }

    public struct Result: Sendable {
        public var entries: [CatalogEntry] = []
        /// Files that look like GGUF but could not be read, with the reason.
        public var problems: [String] = []
    }

    public func scan() -> Result {
        var result = Result()
        var seen = Set<String>()
        for dir in directories {
            for file in Self.ggufFiles(under: dir, depth: 6) {
                let real = (file as NSString).resolvingSymlinksInPath
                guard seen.insert(real).inserted else { continue }
                do { result.entries.append(try Self.entry(for: file)) } catch {
                    result.problems.append((error as? FoundryError)?.message ?? "\(file): \(error)")
                }
            }
        }
        return result
    }

    /// A catalog entry for one GGUF file.
    public static func entry(for file: String) throws -> CatalogEntry {
        let gguf = try GGUFFile(path: file)
        let stem = modelName(for: file)
        let context = gguf.contextLength ?? 4096
        return CatalogEntry(
            provider: "local", model: stem, displayName: gguf.name ?? stem, contextWindow: context, maxOutputTokens: context,
            capabilities: [.streaming], location: .local, prices: Prices(input: 0, output: 0),
            priceSource: PriceSource(url: nil, asOf: "n/a", note: "runs on your own hardware"),
            origin: "gguf", path: file)
    }

    /// The file name without `.gguf`, or for Hugging Face snapshots `org--repo/file`.
    static func modelName(for file: String) -> String {
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return base.lowercased()
    }

    static func ggufFiles(under dir: String, depth: Int) -> [String] {
        guard depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir + "/" + name
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                if name == "blobs" { continue }  // HF cache: snapshots link here; visit the named links
                files += ggufFiles(under: path, depth: depth - 1)
            } else if name.lowercased().hasSuffix(".gguf") {
                files.append(path)
            }
        }
        return files
    }
}
