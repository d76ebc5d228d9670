import ArgumentParser
import Foundation
import FoundryCore
import FoundryGateway

/// `foundry tags`: limits shared by every key that carries a tag.
public struct TagsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "Set, list and remove the budgets and rate limits of tags (a team across its keys).",
        discussion: """
            A key's tags (foundry keys create --tag team=search), and those a request adds with \
            x-foundry-tags when its key allows it, name what the request is spent on. A tag with \
            limits counts every request carrying it, whichever key sent it: route serve admits a \
            request only when its key and each of its tags have room, and refuses it with 429 \
            otherwise. Limits live in the store (--store) with the keys and reach every instance \
            within a second.

            Examples:
              foundry tags set team=search --budget 500/month --soft-budget 400 --rpm 3000
              foundry tags remove team=search
            """,
        subcommands: [TagsSetCommand.self, TagsListCommand.self, TagsRemoveCommand.self])

    public init() {}
}

/// `foundry tags set`: a tag's limits (replacing those it had).
struct TagsSetCommand: ContextCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a tag's budget and rate limits.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The tag, as keys carry it.", valueName: "k=v"))
    var tag: String
    @OptionGroup var limits: LimitOptions

    func run(context: Context) async throws {
        let tag = try TagLimit.check(self.tag)
        let l = limits
        let budget = try KeySpec.checkLimits(budget: l.budget, softBudgetUSD: l.softBudget, rpm: l.rpm, tpm: l.tpm, maxParallel: l.maxParallel)
        let limit = TagLimit(tag: tag, budget: budget, softBudgetUSD: l.softBudget, rpm: l.rpm, tpm: l.tpm, maxParallel: l.maxParallel)
        guard limit.subject.limits else {
            throw FoundryError.usage("tags set \(tag): give at least one of --budget, --rpm, --tpm, --max-parallel",
                                     hint: "foundry tags remove \(tag) takes a tag's limits away")
        }
        let store = try storeOptions.open(context)
        try await withClosing(store) { try await $0.setTagLimit(limit) }
        if context.json { context.output.line(GatewayJSON.encode(limit, pretty: true)) } else {
            TagText.lines(limit).forEach(context.output.line)
            context.output.info("set the limits of \(tag) in \(store.location)")
        }
    }
}

/// `foundry tags list`: every tag with limits.
struct TagsListCommand: ContextCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tags with limits.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        let limits = try await withClosing(store) { try await $0.tagLimits() }
        if context.json { return context.output.line(GatewayJSON.encode(limits, pretty: true)) }
        if limits.isEmpty { return context.output.info("no tag has limits in \(store.location); foundry tags set K=V --budget … adds some") }
        for limit in limits { context.output.line(TagText.summary(limit)) }
    }
}

/// `foundry tags remove`: a tag counts against nothing any more.
struct TagsRemoveCommand: ContextCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a tag's limits.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The tag.", valueName: "k=v"))
    var tag: String

    func run(context: Context) async throws {
        let store = try storeOptions.open(context)
        try await withClosing(store) { try await $0.removeTagLimit(tag) }
        context.output.info("removed the limits of \(tag) from \(store.location)")
    }
}

enum TagText {
    static func limits(_ limit: TagLimit) -> String {
        ([limit.budget.map { "budget \($0.description)" + LimitText.warning(limit.softBudgetUSD) }]
            + LimitText.rates(rpm: limit.rpm, tpm: limit.tpm, maxParallel: limit.maxParallel)).compactMap { $0 }.joined(separator: ", ")
    }

    static func summary(_ limit: TagLimit) -> String { "\(limit.tag)  \(limits(limit))" }

    static func lines(_ limit: TagLimit) -> [String] { ["tag:     \(limit.tag)", "limits:  \(limits(limit))"] }
}

/// The limits `keys create` and `tags set` take.
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Hard budget: USD per day, week or month, such as 50/day.", valueName: "usd/period"))
    var budget: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Warn (header and log) past this spend in the budget's period.", valueName: "usd"))
    var softBudget: Double?
    @Option(name: .long, help: ArgumentHelp("Requests per minute.", valueName: "n"))
    var rpm: Int?
    @Option(name: .long, help: ArgumentHelp("Tokens (prompt and output) per minute.", valueName: "n"))
    var tpm: Int?
    @Option(name: .long, help: ArgumentHelp("Requests in flight at once.", valueName: "n"))
    var maxParallel: Int?
}

/// How keys and tags print their limits.
enum LimitText {
    static func warning(_ soft: Double?) -> String { soft.map { String(format: " (warn at $%.2f)", $0) } ?? "" }

    static func rates(rpm: Int?, tpm: Int?, maxParallel: Int?) -> [String?] {
        [rpm.map { "\($0) requests/min" }, tpm.map { "\($0) tokens/min" }, maxParallel.map { "\($0) in flight" }]
    }
}
