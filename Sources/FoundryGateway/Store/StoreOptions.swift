import ArgumentParser
import FoundryCore

/// `--store`, shared by every command that reads or writes the gateway's state.
public struct StoreOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp(
        "Where keys, spend and limits live: file (the state directory, default), file:/DIR, or postgres://USER@HOST:PORT/DB "
            + "(password from the URL or $PGPASSWORD; $FOUNDRY_STORE when not given).", valueName: "url"))
    public var store: String?

    public init() {}

    /// The store named by --store, $FOUNDRY_STORE, or the state directory.
    public func open(_ context: Context) throws -> any GatewayStore {
        try GatewayStores.open(store ?? context.environment["FOUNDRY_STORE"], paths: context.paths, environment: context.environment)
    }
}
