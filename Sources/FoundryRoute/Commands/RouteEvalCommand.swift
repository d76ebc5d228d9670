import ArgumentParser
import Foundation
import FoundryCore
import FoundryRouting

/// `foundry route eval`: replay a dataset through the router's policies.
struct RouteEvalCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Replay routing data: accuracy and cost of each policy, the band sweep, baselines and the oracle.",
        discussion: """
            For each prompt the router picks among the dataset's models and the dataset says whether \
            that model was right and what it cost. By default only the rows `route train` held out \
            (same --holdout and --seed) are replayed; --all-rows replays every row (for data the \
            model has never seen). Baselines: every single model, always-cheapest, random at matched \
            cost, and the oracle; APGR (as RouteLLM defines it) for two-model pools.

            --json prints {"prompts", "policies": [{"name", "accuracy", "cost_usd"}…], "baselines": […], \
            "oracle": {…}} for the largest pooled group, plus "groups" (every pool) and "files".

            Example:
              foundry route eval --data ../shared/data/routing --plot curve.svg
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("CSV files or directories of them.", valueName: "file"), completion: .file())
    var data: [String] = []

    @Option(name: .long, help: ArgumentHelp("The quality model to evaluate (default: the built-in one).", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var model: String?

    @Option(name: .long, help: "Fraction of each file held out at training.")
    var holdout = 0.2

    @Option(name: .long, help: "Seed of the held-out split.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Replay every row, not only the held-out ones.")
    var allRows = false

    @Option(name: .long, help: ArgumentHelp("Write the cost–quality curve of the largest pool as SVG.", valueName: "file"))
    var plot: String?

    func validate() throws {
        if data.isEmpty { throw ValidationError("give the data to replay with --data FILE… (to route the word 'eval' as a prompt: foundry route -- eval)") }
        if !(0..<1).contains(holdout) { throw ValidationError("--holdout must be at least 0 and below 1, not \(holdout)") }
    }

    func run(context: Context) async throws {
        let quality = try model.map(LearnedQualityModel.load(path:)) ?? QualityModels.shipped()
        let files = data, holdout = self.holdout, seed = self.seed, all = allRows
        let report = try await OffPool.run {
            all ? try QualityEvaluator.all(files: files, model: quality)
                : try QualityEvaluator.heldOut(files: files, model: quality, holdout: holdout, seed: seed)
        }
        guard let primary = report.pooled.max(by: { $0.prompts < $1.prompts }) else {
            throw FoundryError.failure("no rows to replay in the given data")
        }
        if let plot { try CurvePlot.svg(primary).write(toFile: plot, atomically: true, encoding: .utf8) }
        if global.json {
            context.output.line(JSONCoding.string(EvalDocument(primary: primary, groups: report.pooled, files: report.files), pretty: true))
            return
        }
        for evaluation in report.pooled { context.output.line(EvalTable.render(evaluation, width: context.output.width)) }
        if report.files.count > 1 {
            var table = TextTable([("FILE", .left), ("PROMPTS", .right), ("BEST SINGLE", .right), ("BALANCED", .right), ("COST RATIO", .right), ("ORACLE", .right)])
            for f in report.files {
                let best = f.baseline(f.bestSingle)
                table.add([f.label, String(f.prompts), best.map { String(format: "%.4f", $0.accuracy) } ?? "-",
                           f.policy("balanced").map { String(format: "%.4f", $0.accuracy) } ?? "-",
                           String(format: "%.1f%%", f.balancedCostRatio * 100), String(format: "%.4f", f.oracle.accuracy)])
            }
            context.output.line("per file:\n" + table.render(width: context.output.width))
        }
        context.output.info(primary.heldOut ?? "replayed every row")
        if let plot { context.output.info("wrote '\(plot)'") }
    }
}

/// `route eval --json`: the required top-level shape for the largest pool, then everything.
struct EvalDocument: Encodable {
    let primary: QualityEvaluation
    let groups: [QualityEvaluation]
    let files: [QualityEvaluation]

    enum Keys: String, CodingKey { case groups, files }

    func encode(to encoder: any Encoder) throws {
        try primary.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(groups, forKey: .groups)
        try c.encode(files, forKey: .files)
    }
}

enum EvalTable {
    static func render(_ e: QualityEvaluation, width: Int) -> String {
        var lines = ["\(e.label): \(e.prompts) prompts; best single model \(e.bestSingle)"]
        var table = TextTable([("", .left), ("NAME", .left), ("ACCURACY", .right), ("COST", .right), ("COST VS BEST", .right)])
        let bestCost = e.baseline(e.bestSingle)?.costUSD ?? 0
        func row(_ kind: String, _ name: String, _ accuracy: Double, _ cost: Double) {
            table.add([kind, name, String(format: "%.4f", accuracy), String(format: "$%.4f", cost),
                       bestCost > 0 ? String(format: "%.1f%%", cost / bestCost * 100) : "-"])
        }
        for p in e.policies { row("policy", p.name + (p.band.map { String(format: " (band %.3f)", $0) } ?? ""), p.accuracy, p.costUSD) }
        for b in e.baselines { row("baseline", b.name, b.accuracy, b.costUSD) }
        row("oracle", "cheapest correct model", e.oracle.accuracy, e.oracle.costUSD)
        lines.append(table.render(width: width))
        if let apgr = e.apgr { lines.append(String(format: "APGR %.3f (%@ vs %@)", apgr.value, apgr.strong, apgr.weak)) }
        lines.append(String(format: "balanced: %+.4f accuracy vs %@ at %.1f%% of its cost", e.balancedAccuracyGain, e.bestSingle, e.balancedCostRatio * 100))
        return lines.joined(separator: "\n") + "\n"
    }
}
