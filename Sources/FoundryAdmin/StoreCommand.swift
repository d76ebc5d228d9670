import ArgumentParser
import FoundryCore
import FoundryGateway

/// `foundry store`: the gateway's shared state.
public struct StoreCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Prepare the store route serve instances share (PostgreSQL schema migrations).",
        subcommands: [StoreMigrateCommand.self])

    public init() {}
}

/// `foundry store migrate`: creates or upgrades the schema.
struct StoreMigrateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the store's schema (numbered migrations, applied once each, in order).",
        discussion: """
            Safe to run again and from several machines at once: migrations apply under a lock, \
            in one transaction, and a database already up to date is left alone. A database \
            migrated by a newer foundry is refused, not touched.

            Example:
              foundry store migrate --store postgres://foundry@db.internal:5432/foundry
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let applied = try await withClosing(store) { try await $0.migrate() }
        if context.json {
            return context.output.line(JSONValue.object(["store": .string(store.location), "applied": .array(applied.map { .number(Double($0)) })]).jsonString)
        }
        context.output.line(applied.isEmpty ? "\(store.location): schema up to date"
                                            : "\(store.location): applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", "))")
    }
}
