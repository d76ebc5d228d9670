import Foundation
import FoundryCore

/// The models foundry can route to: the embedded catalog, plus models from the config file,
/// plugins and local GGUF files, with the config's overrides applied last.
public struct Catalog: Sendable {
    public private(set) var entries: [CatalogEntry]

    public init(entries: [CatalogEntry]) { self.entries = entries }

    /// The catalog compiled into the binary.
    public static func embedded() -> Catalog {
        let data = Data(PackageResources.catalog_json)
        do {
            let file = try JSONDecoder().decode(CatalogFile.self, from: data)
            return Catalog(entries: file.models.map { var e = $0; e.origin = "embedded"; return e })
        } catch {
            preconditionFailure("the embedded catalog is malformed: \(JSONCoding.describe(error))")
        }
    }

    /// Adds entries whose ids are not known yet; known ids keep their existing data (the embedded
    /// catalog is the vetted source of prices) and record the second origin.
    public mutating func add(_ more: [CatalogEntry]) {
        for entry in more {
            if let index = entries.firstIndex(where: { $0.id == entry.id }) {
                if entries[index].origin == "embedded", let origin = entry.origin {
                    entries[index].origin = "embedded+" + origin
                }
            } else {
                entries.append(entry)
            }
        }
    }

    /// Replaces or adds an entry as a whole (config `[[models]]`).
    public mutating func upsert(_ entry: CatalogEntry) {
        if let index = entries.firstIndex(where: { $0.id == entry.id }) { entries[index] = entry } else { entries.append(entry) }
    }

    /// Applies a partial entry (JSON object with catalog field names) over an existing one.
    public mutating func override(id: String, with patch: [String: JSONValue], what: String) throws {
        guard let index = entries.firstIndex(where: { $0.id == id }) else {
            throw FoundryError.usage("\(what): no catalog model '\(id)' to override", hint: suggestionHint(for: id))
        }
        let current = try JSONDecoder().decode(JSONValue.self, from: JSONCoding.data(entries[index]))
        let merged = Self.merge(current, .object(patch))
        do {
            var entry = try JSONDecoder().decode(CatalogEntry.self, from: JSONCoding.data(merged))
            entry.id = id
            entry.origin = (entries[index].origin ?? "embedded") + "+config"
            entries[index] = entry
        } catch {
            throw FoundryError.usage("\(what): \(JSONCoding.describe(error))")
        }
    }

    private static func merge(_ base: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(var b) = base, case .object(let p) = patch else { return patch }
        for (k, v) in p { b[k] = b[k].map { merge($0, v) } ?? v }
        return .object(b)
    }

    /// Finds a model by full id ("openai/gpt-4o") or by model name when that is unambiguous.
    public func entry(named name: String) throws -> CatalogEntry {
        if let exact = entries.first(where: { $0.id == name }) { return exact }
        let byModel = entries.filter { $0.model == name }
        if byModel.count == 1 { return byModel[0] }
        if byModel.count > 1 {
            throw FoundryError.usage(
                "model name '\(name)' is ambiguous",
                hint: "use one of: " + byModel.map(\.id).joined(separator: ", "))
        }
        throw FoundryError.usage("unknown model '\(name)'", hint: suggestionHint(for: name))
    }

    /// Closest catalog ids to a misspelt name.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let today = Timestamp.day(Date())
        let scored = entries.map { entry -> (String, Int) in
            let d = min(EditDistance.between(lowered, entry.id.lowercased()), EditDistance.between(lowered, entry.model.lowercased()))
            let bonus = entry.id.lowercased().contains(lowered) ? -2 : 0
            let retired = entry.isRetired(on: today) ? 1 : 0  // live models first among equals
            return (entry.id, d + bonus + retired)
        }
        return scored.sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.0)
    }

    private func suggestionHint(for name: String) -> String {
        let s = suggestions(for: name)
        return s.isEmpty ? "run 'foundry models' to list models" : "did you mean " + s.map { "'\($0)'" }.joined(separator: ", ") + "?"
    }

    public var providers: [String] { Array(Set(entries.map(\.provider))).sorted() }

    /// The region families of the cloud entries (eu, global, us).
    public var regionFamilies: [String] { Array(Set(entries.compactMap(\.regionFamily))).sorted() }

    /// Refuses a provider name the catalog does not know, with the closest names as a hint.
    public func checkProviders(_ names: [String], flag: String) throws {
        for name in names where !providers.contains(name) {
            throw FoundryError.usage("\(flag): unknown provider '\(name)'", hint: Self.closest(to: name, in: providers, known: "known providers"))
        }
    }

    /// Refuses a name that is neither a provider nor a model id (for --exclude).
    public func checkProvidersOrModels(_ names: [String], flag: String) throws {
        for name in names where !providers.contains(name) && (try? entry(named: name)) == nil {
            throw FoundryError.usage("\(flag): '\(name)' is neither a provider nor a model",
                                     hint: Self.closest(to: name, in: providers + entries.map(\.id), known: "providers"))
        }
    }

    /// Refuses a region family no cloud entry has.
    public func checkRegion(_ region: String, flag: String) throws {
        guard !regionFamilies.contains(region) else { return }
        throw FoundryError.usage("\(flag): unknown region family '\(region)'", hint: "region families: " + regionFamilies.joined(separator: ", "))
    }

    /// "did you mean 'x'?" for the names within a small edit distance, else the list of `known`.
    static func closest(to name: String, in candidates: [String], known: String) -> String {
        let lowered = name.lowercased()
        let limit = max(2, lowered.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for candidate in candidates {
            let distance = EditDistance.between(lowered, candidate.lowercased())
            if distance <= limit { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance == $1.distance ? $0.name < $1.name : $0.distance < $1.distance }
        let near = scored.prefix(3).map(\.name)
        if !near.isEmpty { return "did you mean " + near.map { "'\($0)'" }.joined(separator: ", ") + "?" }
        return "\(known): " + candidates.filter { !$0.contains("/") }.joined(separator: ", ")
    }
}

/// The on-disk shape of a catalog file.
public struct CatalogFile: Codable, Sendable {
    public var schemaVersion: Int
    public var models: [CatalogEntry]

    public init(schemaVersion: Int, models: [CatalogEntry]) {
        self.schemaVersion = schemaVersion
        self.models = models
    }

    enum CodingKeys: String, CodingKey { case models, schemaVersion = "schema_version" }
}
