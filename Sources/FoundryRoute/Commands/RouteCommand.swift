import ArgumentParser
import Foundation
import FoundryCatalog
import FoundryCore
import FoundryGateway
import FoundryProviders
import FoundryRouting

/// `foundry route`: pick the best-fit model for a prompt under constraints, say why, call it.
public struct RouteCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Route a prompt to the best-fit model under your constraints, and show why.",
        discussion: """
            Hard filters come first (context window, capabilities, provider lists, location, region, \
            key present, budget, cooldown, cost, latency, minimum quality); then each remaining model \
            gets a predicted quality for this prompt, a predicted cost and a predicted latency, and the \
            preference picks within a band below the best predicted quality: balanced takes the \
            cheapest model within 0.03, cost within 0.075, quality the best, latency the fastest \
            within 0.03 (--band changes the width; the defaults were chosen by cross-validation). Before the first token, a failure moves to the \
            next model; after it, a failure is reported.

            Examples:
              foundry route "Summarise this in one line" --file notes.txt
              echo "Write a haiku" | foundry route --prefer cost --max-cost 0.001
              foundry route "Plan the migration" --needs tools --prefer quality --explain
              foundry route "hello" --dry-run --json | jq .decision.candidates

            A one-word prompt that names a subcommand (ask, train, eval, serve) goes after --: \
            foundry route -- serve
            """,
        subcommands: [RouteAskCommand.self, RouteTrainCommand.self, RouteEvalCommand.self, RouteServeCommand.self],
        defaultSubcommand: RouteAskCommand.self)

    public init() {}
}

struct RouteAskCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Route one prompt (the default: `foundry route PROMPT`).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The prompt (default: read standard input).", valueName: "prompt"))
    var prompt: [String] = []

    @Option(name: .long, help: "A system prompt.")
    var system: String?

    @Option(name: .long, help: ArgumentHelp("Attach a text file to the prompt (repeatable).", valueName: "file"), completion: .file())
    var file: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Upper bound on output tokens (used for the context and cost limits).", valueName: "n"))
    var maxTokens: Int?

    @Option(name: .long, help: "Sampling temperature.")
    var temperature: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Highest predicted cost per request, USD.", valueName: "usd"))
    var maxCost: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Highest median time to first token, milliseconds.", valueName: "ms"))
    var maxLatency: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Highest median total time, milliseconds.", valueName: "ms"))
    var maxTotalLatency: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Lowest predicted quality (probability of a correct answer, 0–1).", valueName: "q"))
    var minQuality: Double?

    @Option(name: .long, help: ArgumentHelp("Required capabilities: tools, vision, json, audio, reasoning (comma-separated).", valueName: "list"))
    var needs: String?

    @Option(name: .long, help: ArgumentHelp("Only these providers (comma-separated).", valueName: "names"), completion: .custom(ModelCompletion.providers))
    var provider: String?

    @Option(name: .long, help: ArgumentHelp("Leave out these providers or model ids (comma-separated).", valueName: "names"))
    var exclude: String?

    @Flag(name: .long, help: "Only models that run on this machine.")
    var localOnly = false

    @Flag(name: .long, help: "Only on-prem and local models.")
    var onPremOnly = false

    @Option(name: .long, help: ArgumentHelp("Only cloud models of this region family (eu, us, global).", valueName: "region"))
    var region: String?

    @Option(name: .long, help: "balanced, cost, quality or latency.")
    var prefer: RouteConstraints.Preference?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Width of the quality band (0–1).", valueName: "width"))
    var band: Double?

    @Option(name: .long, help: ArgumentHelp("Use this model: no routing.", valueName: "model"), completion: .custom(ModelCompletion.models))
    var model: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Start the next candidate too when no first token arrives within MS.", valueName: "ms"))
    var hedgeAfter: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Daily budget, USD, enforced from the usage log.", valueName: "usd"))
    var budgetDaily: Double?

    @Flag(name: .long, help: "Decide and explain; call nothing.")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run: decide as if every provider had a key, endpoint and plugin (for planning).")
    var assumeKeys = false

    @Flag(name: .long, help: "Print the decision for people on stderr.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Predict quality with this model from `foundry route train`.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var qualityModel: String?

    func validate() throws {
        if let v = maxTokens, v <= 0 { throw ValidationError("--max-tokens must be a positive integer, not \(v)") }
        for (flag, value) in [("--max-cost", maxCost), ("--max-latency", maxLatency), ("--max-total-latency", maxTotalLatency), ("--budget-daily", budgetDaily)] {
            if let v = value, v < 0 || !v.isFinite { throw ValidationError("\(flag) must be a non-negative number, not \(v)") }
        }
        if let q = minQuality, !(0...1).contains(q) { throw ValidationError("--min-quality must be between 0 and 1, not \(q)") }
        if let b = band, !(0...1).contains(b) { throw ValidationError("--band must be between 0 and 1, not \(b)") }
        if let h = hedgeAfter, h < 0 { throw ValidationError("--hedge-after must be a non-negative number of milliseconds") }
        if localOnly && onPremOnly { throw ValidationError("--local-only and --on-prem-only are exclusive") }
        if assumeKeys && !dryRun { throw ValidationError("--assume-keys plans only: use it with --dry-run") }
    }

    func run(context: Context) async throws {
        let text = try RouteInput.prompt(arguments: prompt, files: file)
        let registry = try ProviderRegistry(context: context)
        registry.warnings.forEach { context.output.warning($0) }
        try registry.catalog.checkProviders(CommaList.parse(provider), flag: "--provider")
        try registry.catalog.checkProvidersOrModels(CommaList.parse(exclude), flag: "--exclude")
        if let region { try registry.catalog.checkRegion(region, flag: "--region") }
        var constraints = RouteConstraints(
            maxCostUSD: maxCost, maxLatencyMs: maxLatency, maxTotalLatencyMs: maxTotalLatency, minQuality: minQuality,
            needs: try needs.map(Capability.parseList) ?? [], providers: CommaList.parse(provider), exclude: CommaList.parse(exclude),
            localOnly: localOnly, onPremOnly: onPremOnly, region: region,
            prefer: prefer ?? context.config.defaults.prefer.flatMap(RouteConstraints.Preference.init(rawValue:)) ?? .balanced,
            band: band, maxTokens: maxTokens ?? context.config.defaults.maxTokens ?? 1024)
        if let budget = budgetDaily ?? context.config.defaults.budgetDailyUSD {
            constraints.budgetRemainingUSD = max(0, budget - (try Budget.spentToday(context.usageLog)))
        }
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(text))
        let request = ChatRequest(messages: messages, temperature: temperature, maxTokens: constraints.maxTokens)

        let session = RouteSession(context: context, registry: registry)
        let link = try await RouteStoreLink.open(storeOptions, context: context)
        let snapshot = await link?.snapshot(paths: context.paths)
        let decision: Decision
        do {
            decision = try session.decide(text: (system.map { $0 + "\n" } ?? "") + text, constraints: constraints, forced: model,
                                          assumeKeys: assumeKeys, qualityModel: qualityModel, snapshot: snapshot)
        } catch {
            await link?.close()
            throw error
        }
        do {
            try await run(decision, session: session, request: request, link: link, context: context)
        } catch {
            await link?.close()
            throw error
        }
        await link?.close()
    }

    /// Explains, calls and records a decision (in the store too, with a link).
    private func run(_ decision: Decision, session: RouteSession, request: ChatRequest, link: RouteStoreLink?, context: Context) async throws {
        // A dry run's decision is its result (stdout); --explain beside a real call is for people (stderr).
        if dryRun && !global.json {
            context.output.line(DecisionExplainer.text(decision))
        } else if explain {
            context.output.info(DecisionExplainer.text(decision))
        }
        if dryRun && global.json { context.output.line(JSONCoding.string(RouteResult(decision: decision), pretty: true)) }
        guard decision.chosen != nil else {
            try? context.decisionLog.append(decision)
            await link?.record(decision, usage: nil, paths: context.paths, output: context.output)
            if !explain && !dryRun {
                for r in decision.rejected.sorted(by: { $0.id < $1.id }) {
                    context.output.error("  \(r.id): \(r.constraint): \(r.reason)" + (r.wouldAdmit.map { " [admitted by \($0)]" } ?? ""))
                }
            }
            throw FoundryError.unsatisfiable(Unsatisfiable.message(decision), hint: Unsatisfiable.hint(decision))
        }
        if dryRun {
            try context.decisionLog.append(decision)
            return
        }
        let planned = decision, hedge = hedgeAfter.map { Duration.milliseconds($0) }, json = global.json
        // Ctrl-C cancels the request: the stream stops and the decision reaches the log with its attempts.
        try await Interruptible.run(reporting: "interrupted (Ctrl-C); the decision and its attempts are in the decision log") {
            var decision = planned
            do {
                let usage = try await session.execute(request, decision: &decision, hedgeAfter: hedge, json: json)
                await link?.record(decision, usage: usage, paths: context.paths, output: context.output)
            } catch {
                await link?.record(decision, usage: nil, paths: context.paths, output: context.output)
                throw error
            }
        }
    }
}

extension RouteConstraints.Preference: ExpressibleByArgument {}
