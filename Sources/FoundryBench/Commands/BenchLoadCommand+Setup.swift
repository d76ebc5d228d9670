import Foundation
import FoundryCore
import FoundryProviders

extension BenchLoadCommand {
    /// The catalog model through its provider, or the URL through bench's own client.
    func makeTarget(_ context: Context) throws -> any BenchTarget {
        if let url {
            let endpoint = try EndpointURL(url)
            var key: String?
            if let variable = apiKeyEnv {
                guard let value = context.environment[variable], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw FoundryError.usage("--api-key-env \(variable): the environment variable is not set")
                }
                Redactor.shared.register(value)
                key = value
            }
            var entry: CatalogEntry?
            if let recordAs {
                let registry = try ProviderRegistry(context: context, scanLocalFiles: false)
                entry = try registry.catalog.entry(named: recordAs)
            }
            let options = URLTarget.Options(model: model, stream: !noStream, ignoreEOS: ignoreEos, temperature: temperature,
                                            apiKey: key, catalogEntry: entry)
            return try URLTarget(endpoint: endpoint, options: options, threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        let registry = try ProviderRegistry(context: context)
        registry.warnings.forEach { context.output.warning($0) }
        let entry = try registry.entry(named: model ?? "")
        if let reason = registry.availability(of: entry).reason {
            throw FoundryError.usage("\(entry.id) cannot be called: \(reason)")
        }
        return ProviderTarget(entry: entry, provider: try registry.provider(for: entry), temperature: temperature)
    }

    /// The dataset's prompts, or synthetic prompts (one per request up to 4,096, then reused).
    func makePrompts(counter: TokenCounter) throws -> [BenchPrompt] {
        var prompts: [BenchPrompt]
        if let dataset {
            prompts = try DatasetReader(path: dataset, counter: counter).read()
        } else {
            let count = min(4096, warmup + (measuredRequests ?? 1024))
            prompts = SyntheticPrompts(inputTokens: inputTokens, outputTokens: outputTokens, counter: counter, seed: seed).make(count: count)
        }
        if let maxTokens {
            for i in prompts.indices { prompts[i].maxTokens = maxTokens }
        }
        return prompts
    }

    /// Output files are checked before the run, so a long run never ends in an unwritable path.
    func checkOutputFiles() throws {
        for (flag, path) in [("--requests-out", requestsOut), ("--plot", plot)] {
            guard let path else { continue }
            let directory = (path as NSString).deletingLastPathComponent
            let dir = directory.isEmpty ? "." : directory
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FoundryError.usage("\(flag) '\(path)': no such directory '\(dir)'")
            }
            guard FileManager.default.isWritableFile(atPath: dir) else {
                throw FoundryError.usage("\(flag) '\(path)': directory '\(dir)' is not writable")
            }
        }
    }

    /// Writes --requests-out and --plot, each whole or not at all (temporary file, then rename).
    func writeFiles(_ summary: BenchSummary, records: [RequestRecord]) throws {
        if let requestsOut {
            var text = ""
            for r in records { text += JSONCoding.string(r) + "\n" }
            try Self.write(text, to: requestsOut)
        }
        if let plot { try Self.write(BenchPlot.svg(summary, records: records), to: plot) }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw FoundryError.failure("cannot write '\(path)': \((error as NSError).localizedDescription)")
        }
    }
}
