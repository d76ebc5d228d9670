import Foundation

/// Reads config.toml into a `Config`, naming the file and line of anything wrong, and refusing
/// keys in a file that others can read.
public enum ConfigLoader {
    /// Loads `path` if it exists (a missing default file is fine; a missing `--config` file is
    /// an error), registering every key it holds with the redactor.
    public static func load(path: String, explicit: Bool) throws -> Config {
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit { throw FoundryError.usage("cannot open config '\(path)': no such file") }
            return Config()
        }
        if let problem = TextFile.problem(path) { throw FoundryError.usage("cannot read config '\(path)': \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FoundryError.usage("cannot read config '\(path)': permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FoundryError.usage("config '\(path)' is not UTF-8 text")
        }
        let config = try parse(text, path: path)
        if config.providers.values.contains(where: { $0.apiKey != nil }) {
            try requirePrivate(path)
        }
        return config
    }

    /// Parses config text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> Config {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            throw FoundryError.usage("config '\(path)' line \(error.line): \(error.message)")
        }
        let reader = Reader(path: path)
        var config = Config(path: path)
        for key in root.order {
            let line = root.lines[key] ?? 0
            switch key {
            case "defaults": config.defaults = try reader.defaults(root[key]!, line: line)
            case "providers":
                let table = try reader.table(root[key]!, "providers", line: line)
                for name in table.order {
                    let base = config.providers[name]
                    config.providers[name] = try reader.provider(name: name, table[name]!, base: base, line: table.lines[name] ?? line)
                }
            case "models":
                guard case .array(let items) = root[key]! else {
                    throw reader.fail(line, "models: expected [[models]] tables")
                }
                for (index, item) in items.enumerated() {
                    let entryTable = try reader.table(item, "models[\(index)]", line: line)
                    config.models.append(try reader.model(entryTable, index: index))
                }
            case "overrides":
                let table = try reader.table(root[key]!, "overrides", line: line)
                for id in table.order {
                    let patch = try reader.table(table[id]!, "overrides.\"\(id)\"", line: table.lines[id] ?? line)
                    guard case .object(let object) = TOMLValue.table(patch).json else { continue }
                    config.overrides.append((id: id, patch: object, line: patch.headerLine))
                }
            case "deployments":
                guard case .array(let items) = root[key]!, !items.isEmpty else {
                    throw reader.fail(line, "deployments: expected [[deployments]] tables, each with model and provider")
                }
                for (index, item) in items.enumerated() {
                    let entryTable = try reader.table(item, "deployments[\(index)]", line: line)
                    config.deployments.append(try reader.deployment(entryTable, index: index))
                }
            default:
                throw reader.fail(line, "unknown section '\(key)' (expected defaults, providers, models, deployments or overrides)")
            }
        }
        for model in config.models where config.providers[model.provider] == nil {
            throw FoundryError.usage(
                "config '\(path)': model '\(model.id)' names unknown provider '\(model.provider)'",
                hint: "add [providers.\(model.provider)] with kind and base_url")
        }
        try reader.check(config.deployments, providers: config.providers)
        return config
    }

    /// Refuses a key-bearing config file that its group or others can read.
    static func requirePrivate(_ path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { return }
        if mode & 0o077 != 0 {
            throw FoundryError.usage(
                "refusing API keys in config '\(path)': the file is readable by others (mode \(String(mode, radix: 8)))",
                hint: "run: chmod 600 '\(path)' (or keep keys in environment variables)")
        }
    }
}

/// Typed access to TOML values with errors that name file, line and key.
struct Reader {
    let path: String

    func fail(_ line: Int, _ message: String) -> FoundryError {
        FoundryError.usage("config '\(path)' line \(line): \(message)")
    }

    func table(_ value: TOMLValue, _ name: String, line: Int) throws -> TOMLTable {
        guard case .table(let t) = value else { throw fail(line, "\(name): expected a table, found \(value.typeName)") }
        return t
    }

    func string(_ t: TOMLTable, _ key: String, _ owner: String) throws -> String? {
        guard let v = t[key] else { return nil }
        guard case .string(let s) = v else { throw fail(t.lines[key] ?? 0, "\(owner).\(key): expected a string, found \(v.typeName)") }
        return s
    }

    func number(_ t: TOMLTable, _ key: String, _ owner: String) throws -> Double? {
        switch t[key] {
        case nil: return nil
        case .integer(let i)?: return Double(i)
        case .float(let d)?: return d
        case let v?: throw fail(t.lines[key] ?? 0, "\(owner).\(key): expected a number, found \(v.typeName)")
        }
    }

    func positiveInt(_ t: TOMLTable, _ key: String, _ owner: String) throws -> Int? {
        guard let v = t[key] else { return nil }
        guard case .integer(let i) = v, i > 0, i <= Int64(Int32.max) * 1024 else {
            throw fail(t.lines[key] ?? 0, "\(owner).\(key): expected a positive integer")
        }
        return Int(i)
    }

    func strings(_ t: TOMLTable, _ key: String, _ owner: String) throws -> [String]? {
        guard let v = t[key] else { return nil }
        guard case .array(let items) = v else { throw fail(t.lines[key] ?? 0, "\(owner).\(key): expected an array of strings") }
        return try items.map { item in
            guard case .string(let s) = item else { throw fail(t.lines[key] ?? 0, "\(owner).\(key): expected an array of strings") }
            return s
        }
    }

    func stringTable(_ t: TOMLTable, _ key: String, _ owner: String) throws -> [String: String]? {
        guard let v = t[key] else { return nil }
        let inner = try table(v, "\(owner).\(key)", line: t.lines[key] ?? 0)
        var result: [String: String] = [:]
        for k in inner.order { result[k] = try string(inner, k, "\(owner).\(key)") }
        return result
    }

    func checkKeys(_ t: TOMLTable, _ owner: String, allowed: Set<String>) throws {
        for key in t.order where !allowed.contains(key) {
            throw fail(t.lines[key] ?? 0, "\(owner): unknown key '\(key)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func defaults(_ value: TOMLValue, line: Int) throws -> Config.Defaults {
        let t = try table(value, "defaults", line: line)
        try checkKeys(t, "defaults", allowed: ["prefer", "max_tokens", "region", "budget_daily_usd", "models_dirs", "plugins"])
        var d = Config.Defaults()
        d.prefer = try string(t, "prefer", "defaults")
        if let p = d.prefer, !["balanced", "cost", "quality", "latency"].contains(p) {
            throw fail(t.lines["prefer"] ?? line, "defaults.prefer: '\(p)' is not one of balanced, cost, quality, latency")
        }
        d.maxTokens = try positiveInt(t, "max_tokens", "defaults")
        d.region = try string(t, "region", "defaults")
        d.budgetDailyUSD = try number(t, "budget_daily_usd", "defaults")
        if let b = d.budgetDailyUSD, b < 0 { throw fail(t.lines["budget_daily_usd"] ?? line, "defaults.budget_daily_usd: must not be negative") }
        d.modelsDirectories = try strings(t, "models_dirs", "defaults") ?? []
        d.plugins = try strings(t, "plugins", "defaults") ?? []
        return d
    }

    func provider(name: String, _ value: TOMLValue, base: ProviderSettings?, line: Int) throws -> ProviderSettings {
        let owner = "providers.\(name)"
        let t = try table(value, owner, line: line)
        try checkKeys(t, owner, allowed: [
            "kind", "base_url", "api_key_env", "api_key", "token_env", "endpoint_env", "azure_api", "api_version",
            "deployments", "headers", "location", "connect_timeout_ms", "first_byte_timeout_ms", "idle_timeout_ms",
        ])
        let kindName = try string(t, "kind", owner)
        let kind: ProviderSettings.Kind
        if let kindName {
            guard let k = ProviderSettings.Kind(rawValue: kindName) else {
                throw fail(t.lines["kind"] ?? line, "\(owner).kind: '\(kindName)' is not one of \(ProviderSettings.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = k
        } else if let base {
            kind = base.kind
        } else {
            throw fail(t.headerLine > 0 ? t.headerLine : line, "\(owner): a new provider needs kind = \"openai-compatible\", \"azure\", \"anthropic\", \"local\" or \"plugin\"")
        }
        var p = base ?? ProviderSettings(name: name, kind: kind)
        p.kind = kind
        if let v = try string(t, "base_url", owner) {
            guard let url = URL(string: v), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw fail(t.lines["base_url"] ?? line, "\(owner).base_url: '\(v)' is not an http(s) URL")
            }
            p.baseURL = v
        }
        if let v = try string(t, "api_key_env", owner) { p.apiKeyVariable = v }
        if let v = try string(t, "api_key", owner) {
            Redactor.shared.register(v)
            p.apiKey = v
        }
        if let v = try string(t, "token_env", owner) { p.bearerTokenVariable = v }
        if let v = try string(t, "endpoint_env", owner) { p.endpointVariable = v }
        if let v = try string(t, "azure_api", owner) {
            guard let api = ProviderSettings.AzureAPI(rawValue: v) else {
                throw fail(t.lines["azure_api"] ?? line, "\(owner).azure_api: '\(v)' is not one of v1, deployment, inference")
            }
            p.azureAPI = api
        }
        if let v = try string(t, "api_version", owner) { p.apiVersion = v }
        if let v = try stringTable(t, "deployments", owner) { p.deployments = v }
        if let v = try stringTable(t, "headers", owner) { p.headers = v }
        if let v = try string(t, "location", owner) {
            guard let location = Location(rawValue: v) else {
                throw fail(t.lines["location"] ?? line, "\(owner).location: '\(v)' is not one of cloud, on-prem, local")
            }
            p.location = location
        }
        if let ms = try positiveInt(t, "connect_timeout_ms", owner) { p.timeouts.connect = .milliseconds(ms) }
        if let ms = try positiveInt(t, "first_byte_timeout_ms", owner) { p.timeouts.firstByte = .milliseconds(ms) }
        if let ms = try positiveInt(t, "idle_timeout_ms", owner) { p.timeouts.idle = .milliseconds(ms) }
        return p
    }

    func model(_ t: TOMLTable, index: Int) throws -> CatalogEntry {
        let owner = "models[\(index)]"
        do {
            let data = JSONCoding.data(TOMLValue.table(t).json)
            var entry = try JSONDecoder().decode(CatalogEntry.self, from: data)
            entry.origin = "config"
            return entry
        } catch {
            throw fail(t.headerLine, "\(owner): \(JSONCoding.describe(error))")
        }
    }
}
