import ArgumentParser
import FoundryCore

/// `foundry bench`: latency and throughput with one definition per metric, fed back to routing.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure latency and throughput of a model, an OpenAI-compatible endpoint or a real-time voice pipeline.",
        discussion: """
            Sends a workload (synthetic prompts of given token lengths, or a JSONL/ShareGPT dataset) \
            at a concurrency or an arrival rate, and reports time to first token, inter-token latency, \
            time per output token, end-to-end latency and throughput, with percentiles from HDR \
            histograms. Each metric is defined once in docs/metrics.md, with vLLM's, AIPerf's and \
            llmperf's names for it. Every run stores the model's latency where route reads it and \
            its usage in the usage log, so foundry cost report includes benchmark spend.

            Examples:
              foundry bench --model onprem/small --requests 200 --concurrency 16
              foundry bench --url http://127.0.0.1:8000/v1 --model llama --rate 20 --duration 60s --slo ttft=300ms,tpot=50ms
              foundry bench --url http://127.0.0.1:8000/v1 --dataset sharegpt.json --json > a.json
              foundry bench compare a.json b.json
              foundry bench voice --turns 20 --reply echo
              foundry bench run model.gguf -p 512 -n 128 --threads 2
            """,
        subcommands: [BenchLoadCommand.self, BenchCompareCommand.self, BenchRunCommand.self, BenchVoiceCommand.self],
        defaultSubcommand: BenchLoadCommand.self)

    public init() {}
}
