import ArgumentParser

/// A subcommand that runs with a Context built from its global options: `foundry` builds it on
/// the process's streams, a test builds it on captured ones (`FoundryMain.run(arguments:output:)`).
public protocol ContextCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func run(context: Context) async throws
}

extension ContextCommand {
    public func run() async throws { try await run(context: Context(global)) }
}
