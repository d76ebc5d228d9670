import ArgumentParser
import Foundation
import FoundryCore
import FoundryRouting

/// `foundry route train`: learn per-model correctness from routing datasets.
struct RouteTrainCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a quality model from RouterBench or RouteLLM data (per-prompt correctness per model).",
        discussion: """
            Holds out part of each file (fixed seed) for `route eval`, trains one logistic-regression \
            curve per dataset model on the rest (regularisation chosen by cross-validation), and \
            writes the model (coefficients, not the data). Use it with `foundry route --quality-model FILE`.

            Example:
              foundry route train --data ../shared/data/routing --out team-quality.json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("CSV files or directories of them.", valueName: "file"), completion: .file())
    var data: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to write the model (JSON).", valueName: "file"), completion: .file(extensions: ["json"]))
    var out: String?

    @Option(name: .long, help: "Fraction of each file held out for evaluation.")
    var holdout = 0.2

    @Option(name: .long, help: "Seed of the held-out split.")
    var seed: UInt64 = 42

    func validate() throws {
        if data.isEmpty || out == nil {
            throw ValidationError("give the training data with --data FILE… and the model's file with --out FILE "
                                  + "(to route the word 'train' as a prompt: foundry route -- train)")
        }
        if !(0..<1).contains(holdout) { throw ValidationError("--holdout must be at least 0 and below 1, not \(holdout)") }
    }

    func run(context: Context) async throws {
        guard let out else { return }  // validate() requires it
        var options = QualityTrainer.Options()
        let output = context.output
        try OutputFile.checkWritable(out, what: "--out")
        options.progress = { output.stage("route train: " + $0) }
        let files = data, holdout = self.holdout, seed = self.seed, settings = options
        let (model, report) = try await OffPool.run { try QualityTrainer.train(files: files, holdout: holdout, seed: seed, options: settings) }
        output.endProgress()
        report.warnings.forEach { output.warning($0) }
        try model.write(to: out)
        if global.json {
            output.line(JSONCoding.string(report, pretty: true))
            return
        }
        var table = TextTable([("MODEL", .left), ("TRAIN ROWS", .right), ("CORRECT", .right), ("LOG LOSS", .right), ("CV LOG LOSS", .right)])
        for c in report.curves {
            table.add([c.name, String(c.trainRows), String(format: "%.3f", c.positiveRate), String(format: "%.4f", c.trainLogLoss),
                       c.cvLogLoss.map { String(format: "%.4f", $0) } ?? "-"])
        }
        output.line(table.render(width: context.output.width))
        output.info("wrote '\(out)': \(report.curves.count) curves from \(report.files.count) file(s); \(report.split)")
    }
}
