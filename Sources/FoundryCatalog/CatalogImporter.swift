import Foundation
import FoundryCore

/// Reads price catalogs written by others: LiteLLM's model_prices_and_context_window.json
/// (USD per token, one object per model key) and foundry's own catalog format. Unknown fields
/// are ignored; a malformed entry is reported with its key and skipped.
package enum CatalogImporter {
    package struct Result {
        package var entries: [CatalogEntry] = []
        package var problems: [String] = []
        /// Entries that are not chat models (embeddings, images, …), skipped silently.
        package var otherModes = 0
        package var format = ""
    }

    package static func read(_ path: String, asOf: String? = nil) throws -> Result {
        try parse(try TextFile.data(path, what: "catalog "), path: path, day: asOf ?? fileDay(path))
    }

    /// Parses a catalog file's bytes; `path` names it in errors, `day` dates LiteLLM's prices.
    package static func parse(_ data: Data, path: String, day: String) throws -> Result {
        let json = try JSONValue.parse(data, what: "catalog '\(path)'")
        guard case .object(let top) = json else {
            throw FoundryError.failure("catalog '\(path)' is neither foundry's format nor LiteLLM's: expected a JSON object")
        }
        if top["schema_version"] != nil, case .array(let models)? = top["models"] {
            return own(models, path: path)
        }
        return liteLLM(top, path: path, day: day)
    }

    private static func fileDay(_ path: String) -> String {
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        return Timestamp.day(date)
    }

    private static func own(_ models: [JSONValue], path: String) -> Result {
        var result = Result(format: "foundry")
        for (index, model) in models.enumerated() {
            let name = model["id"]?.stringValue ?? model["model"]?.stringValue ?? "models[\(index)]"
            do {
                var entry = try JSONDecoder().decode(CatalogEntry.self, from: JSONCoding.data(model))
                entry.origin = "import:" + path
                result.entries.append(entry)
            } catch {
                result.problems.append("catalog '\(path)': skipped '\(name)': \(JSONCoding.describe(error))")
            }
        }
        return result
    }

    /// LiteLLM provider names that are foundry providers under another name.
    package static let providerNames = ["azure_ai": "azure", "text-completion-openai": "openai", "openai": "openai", "azure": "azure",
                                "anthropic": "anthropic", "gemini": "gemini", "mistral": "mistral", "ollama": "ollama",
                                "ollama_chat": "ollama"]

    private static func liteLLM(_ top: [String: JSONValue], path: String, day: String) -> Result {
        var result = Result(format: "LiteLLM")
        for key in top.keys.sorted() where key != "sample_spec" {
            do {
                if let entry = try liteLLMEntry(key: key, top[key]!, path: path, day: day) {
                    result.entries.append(entry)
                } else {
                    result.otherModes += 1
                }
            } catch let error as FoundryError {
                result.problems.append("catalog '\(path)': skipped '\(key)': \(error.message)")
            } catch {
                result.problems.append("catalog '\(path)': skipped '\(key)': \(error)")
            }
        }
        return result
    }

    /// One LiteLLM entry, or nil for non-chat models.
    package static func liteLLMEntry(key: String, _ value: JSONValue, path: String, day: String) throws -> CatalogEntry? {
        guard case .object(let o) = value else { throw FoundryError.failure("not a JSON object") }
        if let mode = o["mode"]?.stringValue, !["chat", "responses", "completion"].contains(mode) { return nil }
        guard let rawProvider = o["litellm_provider"]?.stringValue, !rawProvider.isEmpty else {
            throw FoundryError.failure("no litellm_provider")
        }
        let provider = providerNames[rawProvider] ?? rawProvider
        var model = key
        for prefix in [rawProvider + "/", provider + "/"] where model.hasPrefix(prefix) { model.removeFirst(prefix.count) }

        func number(_ field: String) throws -> Double? {
            guard let v = o[field], v != .null else { return nil }
            guard let n = v.doubleValue, n.isFinite, n >= 0 else { throw FoundryError.failure("\(field) is not a non-negative number") }
            return n
        }
        func perMillion(_ field: String) throws -> Double? { try number(field).map { ($0 * 1_000_000 * 1e6).rounded() / 1e6 } }

        guard let context = try number("max_input_tokens") ?? number("max_tokens") else {
            throw FoundryError.failure("no max_input_tokens or max_tokens")
        }
        guard let input = try perMillion("input_cost_per_token"), let output = try perMillion("output_cost_per_token") else {
            throw FoundryError.failure("no input_cost_per_token or output_cost_per_token")
        }
        var prices = Prices(
            input: input, cachedInput: try perMillion("cache_read_input_token_cost"),
            cacheWrite: try perMillion("cache_creation_input_token_cost"), output: output,
            audioInput: try perMillion("input_cost_per_audio_token"),
            cachedAudioInput: try perMillion("cache_read_input_audio_token_cost"),
            audioOutput: try perMillion("output_cost_per_audio_token"))
        var tiers: [PriceTier] = []
        for field in o.keys where field.hasPrefix("input_cost_per_token_above_") && field.hasSuffix("_tokens") {
            let threshold = field.dropFirst("input_cost_per_token_above_".count).dropLast("_tokens".count)
            let suffix = "above_\(threshold)_tokens"
            guard let k = Int(threshold.replacingOccurrences(of: "k", with: "")), threshold.hasSuffix("k"),
                  let tierInput = try perMillion(field) else { continue }
            tiers.append(PriceTier(aboveInputTokens: k * 1000, input: tierInput,
                                   cachedInput: try perMillion("cache_read_input_token_cost_" + suffix),
                                   output: try perMillion("output_cost_per_token_" + suffix) ?? output))
        }
        if !tiers.isEmpty { prices.tiers = tiers.sorted { $0.aboveInputTokens < $1.aboveInputTokens } }
        if let batchInput = try perMillion("input_cost_per_token_batches"), input > 0, batchInput < input {
            prices.batchDiscount = ((1 - batchInput / input) * 1000).rounded() / 1000
        }
        var capabilities: [Capability] = [.streaming]
        if o["supports_function_calling"]?.boolValue == true { capabilities.append(.tools) }
        if o["supports_response_schema"]?.boolValue == true { capabilities.append(.json) }
        if o["supports_vision"]?.boolValue == true { capabilities.append(.vision) }
        if o["supports_audio_input"]?.boolValue == true || o["supports_audio_output"]?.boolValue == true { capabilities.append(.audio) }
        if o["supports_reasoning"]?.boolValue == true { capabilities.append(.reasoning) }
        var entry = CatalogEntry(
            provider: provider, model: model, contextWindow: Int(context),
            maxOutputTokens: try number("max_output_tokens").map(Int.init) ?? Int(context),
            inputModalities: capabilities.contains(.vision) ? ["text", "image"] : ["text"],
            capabilities: capabilities.sorted(), location: provider == "ollama" ? .local : .cloud,
            regionFamily: provider == "ollama" ? nil : "global", prices: prices,
            priceSource: PriceSource(url: "file://" + path, asOf: day, retrieved: day, note: "imported from a LiteLLM price map"),
            origin: "import:" + path)
        if let date = o["deprecation_date"]?.stringValue, DayText.isDay(date) {
            entry.retirementDate = date
        }
        return entry
    }
}
