import ArgumentParser
import Foundation
import FoundryCore
import FoundryGateway

/// `foundry keys create`: a new key, printed once.
struct KeysCreateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a key and print it once (only its hash is stored).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "A name for the key (letters, digits, '.', '_', '-'); decisions and reports use it.")
    var name: String
    @OptionGroup var limits: LimitOptions
    @Option(name: .long, help: ArgumentHelp("Only these models: ids or patterns such as 'openai/*', comma-separated.", valueName: "patterns"))
    var models: String?
    @Option(name: .long, help: ArgumentHelp("Expire after this long: 90m, 12h, 30d, 8w.", valueName: "duration"))
    var expires: String?
    @Option(name: .long, help: ArgumentHelp("A tag for reports and tag budgets (repeatable).", valueName: "k=v"))
    var tag: [String] = []
    @Flag(name: .long, help: "Let requests add tags with the x-foundry-tags header.")
    var allowTagHeader = false

    func run(context: Context) async throws {
        let spec = KeySpec(name: name, budget: limits.budget, softBudgetUSD: limits.softBudget, rpm: limits.rpm, tpm: limits.tpm,
                           models: try models.map(ModelPatterns.parse) ?? [], maxParallel: limits.maxParallel, expires: expires,
                           tags: try KeySpec.parseTags(tag), allowTagHeader: allowTagHeader)
        let store = try storeOptions.open(context)
        let (secret, key) = try await withClosing(store) { try await KeyAdministration.create(spec, in: $0) }
        if context.json {
            context.output.line(KeyText.json(key, secret: secret))
        } else {
            context.output.line(secret)
            context.output.info("created key '\(key.name)' in \(store.location); it is shown once, store it now")
        }
    }
}

/// `foundry keys list`: every key, without secrets.
struct KeysListCommand: ContextCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (names, limits and status; never secrets).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let keys = try await withClosing(store) { try await $0.keys() }
        if context.json { return context.output.line(PublicKey.list(keys, pretty: true)) }
        var table = TextTable([("NAME", .left), ("STATUS", .left), ("KEY", .left), ("BUDGET", .right), ("RPM", .right), ("TPM", .right),
                               ("MODELS", .left), ("TAGS", .left)])
        for key in keys {
            table.add([key.name, key.status(), key.hint, key.budget?.description ?? "-", key.rpm.map(String.init) ?? "-",
                       key.tpm.map(String.init) ?? "-", key.models.isEmpty ? "any" : key.models.joined(separator: ","),
                       key.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")])
        }
        if keys.isEmpty {
            context.output.info("no keys in \(store.location); foundry keys create --name NAME makes one")
        } else {
            context.output.write(table.render(width: context.output.width))
        }
    }
}

/// `foundry keys show NAME`.
struct KeysShowCommand: ContextCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one key (never its secret).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The key's name.") var name: String

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let key = try await withClosing(store) { try await $0.key(named: name) }
        context.output.line(context.json ? KeyText.json(key) : KeyText.lines(key).joined(separator: "\n"))
    }
}

/// `foundry keys revoke NAME`.
struct KeysRevokeCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a key: every instance on the store refuses it within a second.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The key's name.") var name: String

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let key = try await withClosing(store) { try await KeyAdministration.revoke(name, in: $0) }
        if context.json { return context.output.line(KeyText.json(key)) }
        context.output.line("revoked \(key.name) (\(key.hint)) at \(Timestamp.iso8601(key.revokedAt!))")
    }
}

/// `foundry keys rotate NAME`: a new secret, same limits and spend.
struct KeysRotateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Give a key a new secret (printed once); the old one stops working.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The key's name.") var name: String

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let (secret, key) = try await withClosing(store) { try await KeyAdministration.rotate(name, in: $0) }
        if context.json { return context.output.line(KeyText.json(key, secret: secret)) }
        context.output.line(secret)
        context.output.info("rotated key '\(key.name)'; the previous secret no longer works; this one is shown once")
    }
}

/// Runs `body` and closes the store however it ends.
func withClosing<T: Sendable>(_ store: any GatewayStore, _ body: (any GatewayStore) async throws -> T) async throws -> T {
    do {
        let result = try await body(store)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}
