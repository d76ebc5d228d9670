import Foundation
import FoundryCore
import FoundryProviders
import FoundryCatalog

/// One routed request: decide with everything the state directory knows, execute with
/// fallbacks, print, and append the decision and usage to the logs (joined by the decision id).
package struct RouteSession {
    package let context: Context
    package let registry: ProviderRegistry

    package init(context: Context, registry: ProviderRegistry) {
        self.context = context
        self.registry = registry
    }

    package func decide(text: String, constraints: RouteConstraints, forced: String?, assumeKeys: Bool = false, qualityModel: String? = nil,
                snapshot: (latency: LatencyStats.Document, cooldowns: [String: Date])? = nil) throws -> Decision {
        let latency = snapshot?.latency ?? LatencyStats(paths: context.paths).load()
        let cooldowns = snapshot?.cooldowns ?? Cooldowns(paths: context.paths).active()
        var entries = registry.catalog.entries
        if let forced {
            let entry = try registry.entry(named: forced)
            if let reason = registry.availability(of: entry).reason {
                throw FoundryError.usage("\(entry.id) cannot be called: \(reason)")
            }
            entries = [entry]
        }
        let registry = self.registry
        let routing = RoutingContext(
            entries: entries, availability: { assumeKeys ? .ready : registry.availability(of: $0) }, quality: try QualityModels.current(path: qualityModel),
            latency: latency, cooldowns: forced == nil ? cooldowns : [:])
        var c = constraints
        if forced != nil {
            // Forced: no routing, so no constraint may reject the model.
            c = RouteConstraints(prefer: constraints.prefer, maxTokens: constraints.maxTokens)
        }
        var decision = Router.decide(prompt: text, promptTokens: TokenEstimate.tokens(text), promptTokensMethod: TokenEstimate.method,
                                     constraints: c, context: routing)
        if assumeKeys { decision.policyVersion += "; planning: keys assumed present" }
        return decision
    }

    /// Calls the decision's chain and prints the answer; returns the usage record it logged.
    @discardableResult
    package func execute(_ request: ChatRequest, decision: inout Decision, hedgeAfter: Duration?, json: Bool) async throws -> UsageRecord {
        var executor = Executor(registry: registry, hedgeAfter: hedgeAfter,
                                cooldowns: Cooldowns(paths: context.paths), latency: LatencyStats(paths: context.paths))
        let output = context.output
        executor.onAttemptFailed = { output.info("route: " + $0.line) }
        let outcome: Executor.Outcome
        do {
            outcome = try await executor.run(request, decision: &decision) { text in
                if !json { output.write(text) }
            }
        } catch {
            try? context.decisionLog.append(decision)
            if !json, decision.attempts.contains(where: { $0.outcome == .ok || $0.ttftMs != nil }) { output.line() }
            throw error
        }
        if !json, !outcome.completion.text.isEmpty, !outcome.completion.text.hasSuffix("\n") { output.line() }
        let (record, usage, cost) = try usageRecord(outcome, decision: decision, source: "route")
        try context.decisionLog.append(decision)
        try context.usageLog.append(record)
        let entry = try registry.catalog.entry(named: outcome.model)
        if json {
            output.line(JSONCoding.string(RouteResult(decision: decision, outcome: outcome, usage: usage, costUSD: cost,
                                                      usageCounted: outcome.completion.usage == nil), pretty: true))
        } else if !context.quiet {
            output.info(String(format: "route: %@ (first token %@, total %.0f ms, %d in / %d out tokens%@, %@) decision %@",
                               entry.id, outcome.ttftMs.map { String(format: "%.0f ms", $0) } ?? "-", outcome.totalMs,
                               usage.inputTokens, usage.outputTokens, outcome.completion.usage == nil ? " estimated" : "",
                               Router.usd(cost), decision.id))
        }
        return record
    }
}

extension RouteSession {
    /// Appends the decision and the usage (priced with the catalog) to the logs; usage is the
    /// provider's, or counted from the text when the provider sent none.
    @discardableResult
    package func record(_ outcome: Executor.Outcome, decision: Decision, source: String) throws -> (Usage, Double) {
        let (record, usage, cost) = try usageRecord(outcome, decision: decision, source: source)
        try context.decisionLog.append(decision)
        try context.usageLog.append(record)
        return (usage, cost)
    }

    /// The usage record of an outcome, with the usage and its cost.
    package func usageRecord(_ outcome: Executor.Outcome, decision: Decision, source: String) throws -> (UsageRecord, Usage, Double) {
        let entry = try registry.catalog.entry(named: outcome.model)
        let usage = outcome.completion.usage ?? Usage(
            inputTokens: decision.promptTokens, outputTokens: TokenEstimate.tokens(outcome.completion.text))
        let cost = CostCalculator.cost(BillableTokens(usage), prices: entry.prices).usd
        var record = UsageRecord(source: source, modelID: entry.id, provider: entry.provider, decisionID: decision.id, usage: usage,
                                 costUSD: cost, ttftMilliseconds: outcome.ttftMs, totalMilliseconds: outcome.totalMs)
        record.key = decision.caller?.key
        record.tags = decision.caller?.tags
        return (record, usage, cost)
    }
}

/// The JSON document of `route --json`.
package struct RouteResult: Encodable {
    package let decision: Decision
    package var model: String?
    package var text: String?
    package var usage: Usage?
    package var usageCounted: Bool?
    package var costUSD: Double?
    package var finishReason: String?

    package init(decision: Decision, outcome: Executor.Outcome? = nil, usage: Usage? = nil, costUSD: Double? = nil, usageCounted: Bool? = nil) {
        self.decision = decision
        model = outcome?.model
        text = outcome?.completion.text
        self.usage = usage
        self.usageCounted = usageCounted
        self.costUSD = costUSD
        finishReason = outcome?.completion.finishReason?.description
    }

    enum CodingKeys: String, CodingKey {
        case decision, model, text, usage, costUSD = "cost_usd", finishReason = "finish_reason", usageCounted = "usage_estimated"
    }
}

package enum RouteInput {
    /// The prompt from the arguments or standard input, with attached files.
    package static func prompt(arguments: [String], files: [String]) throws -> String {
        var text = arguments.joined(separator: " ")
        if text.isEmpty {
            guard isatty(STDIN_FILENO) == 0 else {
                throw FoundryError.usage("no prompt", hint: "give it as an argument or on standard input: echo 'question' | foundry route")
            }
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        for file in files {
            text += "\n\n--- \((file as NSString).lastPathComponent) ---\n" + (try TextFile.text(file, what: ""))
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw FoundryError.usage("the prompt is empty") }
        return text
    }
}

package enum Budget {
    /// USD recorded in the usage log for today (UTC).
    package static func spentToday(_ log: JSONLFile, now: Date = Date()) throws -> Double {
        let today = Timestamp.day(now)
        return try log.read(UsageRecord.self).records.filter { $0.time.hasPrefix(today) }.reduce(0) { $0 + ($1.costUSD ?? 0) }
    }
}

/// Exit 3's message: for each model, what excluded it and what would admit it.
package enum Unsatisfiable {
    package static func message(_ d: Decision) -> String {
        if onlyKeysMissing(d) { return "no model can be called: no provider keys or endpoints are set" }
        return "no model satisfies the constraints (\(d.rejected.count) rejected)"
    }

    /// True when nothing but missing keys (and models no request could use) stands in the way.
    package static func onlyKeysMissing(_ d: Decision) -> Bool {
        let blocking = d.rejected.filter { $0.constraint != .retired && !$0.realtimeOnly }
        return !blocking.isEmpty && blocking.allSatisfy { $0.constraint == .key }
    }

    package static func hint(_ d: Decision) -> String {
        if onlyKeysMissing(d) {
            let settings = Set(d.rejected.compactMap { r -> String? in
                if case .setting(let variables) = r.admission { variables } else { nil }
            })
            return "set " + settings.sorted().joined(separator: ", ") + "; load a plugin with --plugin; or start a local model with foundry run serve"
        }
        let byConstraint = Dictionary(grouping: d.rejected, by: \.constraint)
        let summary = byConstraint.keys.sorted().map { "\($0): \(byConstraint[$0]!.count)" }.joined(separator: ", ")
        let admits = d.rejected.filter { $0.wouldAdmit != nil && $0.constraint != .key && $0.constraint != .provider }.prefix(5)
            .map { "\($0.id) with \($0.wouldAdmit!)" }
        return "rejected by \(summary)" + (admits.isEmpty ? "" : "; would be admitted: " + admits.joined(separator: "; "))
            + " (each model's reason is listed above)"
    }
}
