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

    /// Where the command writes: the process's streams, or memory in a test.
    public let output: Output
    public var usageLog: JSONLFile { JSONLFile(path: paths.usageLog) }
    public var decisionLog: JSONLFile { JSONLFile(path: paths.decisionLog) }

    public init(
        json: Bool = false, quiet: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
        configPath: String? = nil, pluginFiles: [String] = [], output: Output? = nil
    ) throws {
        self.json = json
        self.quiet = quiet
        self.environment = environment
        self.pluginFiles = pluginFiles
        paths = FoundryPaths(environment: environment, configOverride: configPath)
        config = try ConfigLoader.load(path: paths.configFile, explicit: configPath != nil)
        keys = KeyStore(environment: environment)
        self.output = output ?? Output.standard(quiet: quiet)
    }

    /// The context of a command: built from its global options (every command builds one, so
    /// --config, --json, --quiet and --plugin mean the same everywhere). `output` replaces the
    /// process's streams (tests capture what a command prints), `environment` the process's.
    public init(_ options: GlobalOptions, output: Output? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(json: options.json, quiet: options.quiet, environment: environment, configPath: options.config, pluginFiles: options.plugin,
                      output: output)
    }
}
