import ArgumentParser
import FoundryCore

/// `foundry cost`: what a workload will cost, and what was actually spent.
public struct CostCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Price workloads on every model, and report real spend and savings.",
        discussion: """
            Prices come from the catalog (see foundry models); every report names the source and \
            date of its prices and warns about prices last confirmed more than 90 days ago. Costs \
            in JSON are USD with 6 significant digits; tables round to cents.

            Examples:
              foundry cost compare --needs tools --input 2000 --output 500
              foundry cost estimate --model openai/gpt-5-mini --model anthropic/claude-haiku-4-5 \\
                  --prompt-file prompt.txt --output 400 --requests 20000 --per day
              foundry cost estimate --model openai/gpt-realtime --audio-in-min 3 --audio-out-min 2 --explain
              foundry cost report --since 2026-11-01 --by model --baseline openai/gpt-5
              foundry cost catalog import model_prices_and_context_window.json
            """,
        subcommands: [CostCompareCommand.self, CostEstimateCommand.self, CostReportCommand.self, CostCatalogCommand.self])

    public init() {}
}
