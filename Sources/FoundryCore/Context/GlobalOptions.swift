import ArgumentParser

/// Options every subcommand accepts.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Read configuration from FILE instead of $XDG_CONFIG_HOME/foundry/config.toml.", valueName: "file"),
            completion: .file(extensions: ["toml"]))
    public var config: String?

    @Flag(name: .long, help: "Print results as one JSON document (JSON Lines for streams).")
    public var json = false

    @Flag(name: [.short, .long], help: "Print only results: no warnings, statistics or progress.")
    public var quiet = false

    @Option(name: .long, help: ArgumentHelp("Load a provider plugin from FILE (repeatable).", valueName: "file"),
            completion: .file(extensions: ["so"]))
    public var plugin: [String] = []

    public init() {}
}
