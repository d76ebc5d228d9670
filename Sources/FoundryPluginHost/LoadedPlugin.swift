import CFoundryPluginABI
import FoundryCore

/// A plugin that passed every check. Plugins are never unloaded, so the table pointer stays
/// valid for the life of the process.
public struct LoadedPlugin: Sendable {
    public let file: String
    public let name: String
    public let version: String
    public let abiMajor: Int
    public let abiMinor: Int
    public let models: [CatalogEntry]
    /// Why the plugin serves no models, when it said (e.g. its server is unreachable).
    public let emptyReason: String?
    let table: PluginTable

    public var abiVersion: String { "\(abiMajor).\(abiMinor)" }

    /// "3 models: a, b, c", or "no models: why".
    public var modelSummary: String {
        if models.isEmpty { return "no models" + (emptyReason.map { ": " + $0 } ?? "") }
        return "\(models.count) model\(models.count == 1 ? "" : "s"): " + models.map(\.model).joined(separator: ", ")
    }
}

/// The plugin's function table. The C contract makes it immutable and callable from any thread.
struct PluginTable: @unchecked Sendable {
    let pointer: UnsafePointer<foundry_plugin_v1>
    var value: foundry_plugin_v1 { pointer.pointee }
}

/// Why a file was not accepted as a plugin.
public struct PluginRefusal: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String

    public var description: String { "plugin '\(file)' refused: \(reason)" }
}
