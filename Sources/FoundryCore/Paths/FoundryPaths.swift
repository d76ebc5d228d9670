import Foundation

/// Where foundry keeps its files, following the XDG base directory specification.
public struct FoundryPaths: Sendable {
    public let configFile: String
    public let stateDirectory: String
    public let dataDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, configOverride: String? = nil) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func xdg(_ name: String, _ fallback: String) -> String {
            if let value = environment[name], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        configFile = configOverride ?? xdg("XDG_CONFIG_HOME", ".config") + "/foundry/config.toml"
        stateDirectory = xdg("XDG_STATE_HOME", ".local/state") + "/foundry"
        dataDirectory = xdg("XDG_DATA_HOME", ".local/share") + "/foundry"
    }

    public var usageLog: String { stateDirectory + "/usage.jsonl" }
    public var decisionLog: String { stateDirectory + "/decisions.jsonl" }
    public var pluginDirectory: String { dataDirectory + "/plugins" }
    public var modelsDirectory: String { dataDirectory + "/models" }

    /// Creates a directory and its parents with owner-only permissions if it does not exist.
    public static func ensureDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FoundryError.failure("cannot create directory '\(path)': \(error.localizedDescription)")
        }
    }
}
