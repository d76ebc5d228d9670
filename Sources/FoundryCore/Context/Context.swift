import Foundation

/// What a running command needs from its surroundings: output streams and modes, paths,
/// configuration, keys and logs. Built once per invocation from the global options.
public struct Context: Sendable {
    public let json: Bool
    public let quiet: Bool
    public let environment: [String: String]
    public let paths: FoundryPaths
    public let config: Config
    public let keys: KeyStore
    /// Plugin files named on the command line (`--plugin`).
    public let pluginFiles: [String]

    public var output: Output { Output.shared }
    public var usageLog: JSONLFile { JSONLFile(path: paths.usageLog) }
    public var decisionLog: JSONLFile { JSONLFile(path: paths.decisionLog) }

    public init(
        json: Bool = false, quiet: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
        configPath: String? = nil, pluginFiles: [String] = []
    ) throws {
        self.json = json
        self.quiet = quiet
        self.environment = environment
        self.pluginFiles = pluginFiles
        paths = FoundryPaths(environment: environment, configOverride: configPath)
        config = try ConfigLoader.load(path: paths.configFile, explicit: configPath != nil)
        keys = KeyStore(environment: environment)
        Output.shared.quiet = quiet
    }

    public init(_ options: GlobalOptions) throws {
        try self.init(json: options.json, quiet: options.quiet, configPath: options.config, pluginFiles: options.plugin)
    }
}
