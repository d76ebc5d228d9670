import Foundation

/// One model as foundry knows it: where it runs, what it can do, what it costs and where those
/// prices come from. Field names in JSON and TOML are snake_case (see docs/catalog.md).
public struct CatalogEntry: Codable, Sendable, Equatable {
    public var id: String
    public var provider: String
    public var model: String
    public var displayName: String
    public var contextWindow: Int
    public var maxOutputTokens: Int
    public var inputModalities: [String]
    public var outputModalities: [String]
    public var capabilities: [Capability]
    public var location: Location
    public var regionFamily: String?
    public var prices: Prices
    public var priceSource: PriceSource?
    /// The day the provider stops (or stopped) serving the model (YYYY-MM-DD), if announced.
    public var retirementDate: String?
    /// Where this entry came from: "embedded", "config", "plugin:<file>", "gguf:<path>".
    public var origin: String?
    /// For local GGUF files: the path of the file.
    public var path: String?

    enum CodingKeys: String, CodingKey {
        case id, provider, model, capabilities, location, prices, origin, path
        case displayName = "display_name", contextWindow = "context_window", maxOutputTokens = "max_output_tokens"
        case inputModalities = "input_modalities", outputModalities = "output_modalities"
        case regionFamily = "region_family", priceSource = "price_source", retirementDate = "retirement_date"
    }

    public init(
        id: String? = nil, provider: String, model: String, displayName: String? = nil, contextWindow: Int,
        maxOutputTokens: Int? = nil, inputModalities: [String] = ["text"], outputModalities: [String] = ["text"],
        capabilities: [Capability] = [.streaming], location: Location, regionFamily: String? = nil,
        prices: Prices = Prices(input: 0, output: 0), priceSource: PriceSource? = nil, origin: String? = nil, path: String? = nil
    ) {
        self.id = id ?? "\(provider)/\(model)"
        self.provider = provider
        self.model = model
        self.displayName = displayName ?? model
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens ?? contextWindow
        self.inputModalities = inputModalities
        self.outputModalities = outputModalities
        self.capabilities = capabilities
        self.location = location
        self.regionFamily = regionFamily
        self.prices = prices
        self.priceSource = priceSource
        self.origin = origin
        self.path = path
    }

    /// Decodes leniently where a default is obvious (id from provider/model, display name from
    /// model, output limit from the context window); strictly everywhere else.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provider = try c.decode(String.self, forKey: .provider)
        model = try c.decode(String.self, forKey: .model)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? "\(provider)/\(model)"
        displayName = try c.decodeIfPresent(String.self, forKey: .displayName) ?? model
        contextWindow = try c.decode(Int.self, forKey: .contextWindow)
        maxOutputTokens = try c.decodeIfPresent(Int.self, forKey: .maxOutputTokens) ?? contextWindow
        inputModalities = try c.decodeIfPresent([String].self, forKey: .inputModalities) ?? ["text"]
        outputModalities = try c.decodeIfPresent([String].self, forKey: .outputModalities) ?? ["text"]
        capabilities = try c.decodeIfPresent([Capability].self, forKey: .capabilities) ?? [.streaming]
        location = try c.decodeIfPresent(Location.self, forKey: .location) ?? .cloud
        regionFamily = try c.decodeIfPresent(String.self, forKey: .regionFamily)
        prices = try c.decodeIfPresent(Prices.self, forKey: .prices) ?? Prices(input: 0, output: 0)
        priceSource = try c.decodeIfPresent(PriceSource.self, forKey: .priceSource)
        retirementDate = try c.decodeIfPresent(String.self, forKey: .retirementDate)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        path = try c.decodeIfPresent(String.self, forKey: .path)
    }

    public func has(_ capability: Capability) -> Bool { capabilities.contains(capability) }

    /// The id without its provider prefix, so variants such as `gpt-5@eu` stay distinct in tables.
    public var shortID: String { id.hasPrefix(provider + "/") ? String(id.dropFirst(provider.count + 1)) : id }

    /// True when the retirement date has passed on `day` (YYYY-MM-DD, compared as text).
    public func isRetired(on day: String) -> Bool {
        guard let retirementDate else { return false }
        return retirementDate <= day
    }
}

public enum Capability: String, Codable, Sendable, CaseIterable, Comparable {
    case tools, json, vision, audio, reasoning, streaming, realtime

    public static func < (a: Capability, b: Capability) -> Bool { a.rawValue < b.rawValue }

    /// Parses a comma-separated list such as "tools,vision"; unknown names are a usage error.
    public static func parseList(_ text: String) throws -> [Capability] {
        try CommaList.parse(text).map { name in
            guard let c = Capability(rawValue: name.lowercased()) else {
                throw FoundryError.usage(
                    "unknown capability '\(name)'",
                    hint: "known capabilities: " + allCases.map(\.rawValue).joined(separator: ", "))
            }
            return c
        }
    }
}

public enum Location: String, Codable, Sendable, CaseIterable {
    case cloud
    case onPrem = "on-prem"
    case local
}

public struct PriceSource: Codable, Sendable, Equatable {
    public var url: String?
    /// The date the prices are valid from, as best known (YYYY-MM-DD).
    public var asOf: String
    /// The day the prices were looked up (YYYY-MM-DD).
    public var retrieved: String?
    public var note: String?

    enum CodingKeys: String, CodingKey { case url, note, asOf = "as_of", retrieved }

    public init(url: String?, asOf: String, retrieved: String? = nil, note: String? = nil) {
        self.url = url
        self.asOf = asOf
        self.retrieved = retrieved
        self.note = note
    }
}
