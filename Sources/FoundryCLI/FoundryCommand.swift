import ArgumentParser
import FoundryAdmin
import FoundryBench
import FoundryCore
import FoundryCost
import FoundryModels
import FoundryRoute
import FoundryRun
import FoundryVoice

/// The root command: lists the subcommands, nothing else.
public struct FoundryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "foundry",
        abstract: "Route, run, measure and price AI models from the shell.",
        discussion: """
            Results go to stdout and everything else to stderr, so commands compose in pipelines. \
            --json prints one JSON document with stable field names.

            Exit codes: 0 success; 1 failure; 2 usage or configuration error; 3 no model satisfies \
            the constraints; 4 provider or network failure after all fallbacks; 130 interrupted.

            Files: $XDG_CONFIG_HOME/foundry/config.toml (configuration), $XDG_STATE_HOME/foundry/ \
            (usage and decision logs), $XDG_DATA_HOME/foundry/plugins (plugins), \
            $XDG_DATA_HOME/foundry/models (GGUF models).
            """,
        version: FoundryVersion.current,
        subcommands: [RouteCommand.self, RunCommand.self, ModelsCommand.self, PluginsCommand.self, CostCommand.self, BenchCommand.self,
                      VoiceCommand.self, KeysCommand.self, TagsCommand.self, StoreCommand.self]
    )

    public init() {}
}
