import Foundation
import FoundryCore

/// Prices imported with `foundry cost catalog import`, kept in $XDG_DATA_HOME/foundry/catalog.json
/// in foundry's own catalog format.
public enum ImportedCatalog {
    public static func path(_ paths: FoundryPaths) -> String { paths.dataDirectory + "/catalog.json" }

    /// The imported entries; an unreadable store is ignored (it is re-created by the next import).
    public static func load(_ paths: FoundryPaths) -> [CatalogEntry] {
        guard let data = FileManager.default.contents(atPath: path(paths)),
              let file = try? JSONDecoder().decode(CatalogFile.self, from: data) else { return [] }
        return file.models
    }

    /// Writes atomically (temporary file, then rename), so a crash never leaves half a catalog.
    public static func save(_ entries: [CatalogEntry], to path: String) throws {
        try FoundryPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
        let data = JSONCoding.data(CatalogFile(schemaVersion: 1, models: entries), pretty: true)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw FoundryError.failure("cannot write '\(temporary)'")
        }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw FoundryError.failure("cannot replace '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
