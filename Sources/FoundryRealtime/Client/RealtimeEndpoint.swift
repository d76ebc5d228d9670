import Foundation
import FoundryCore

/// Where the client connects and how it authenticates: Azure OpenAI GA
/// (`wss://{resource}.openai.azure.com/openai/v1/realtime?model={deployment}`), Azure OpenAI
/// preview (`/openai/realtime?api-version=…&deployment=…`), OpenAI
/// (`wss://api.openai.com/v1/realtime?model=…`), or any `ws://` URL (the local server).
public struct RealtimeEndpoint: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case azure, azurePreview = "azure-preview", openAI = "openai", other
    }

    public var url: String
    public var kind: Kind
    public var dialect: RealtimeDialect
    /// HTTP headers of the upgrade request (authentication; never printed).
    public var headers: [String: String]
    /// The model or deployment named in the URL.
    public var model: String?

    /// Where the key came from, for messages (never the key).
    public var credentialSource: String?

    /// The catalog provider whose prices apply ("azure", "openai") or nil.
    public var provider: String? {
        switch kind {
        case .azure, .azurePreview: "azure"
        case .openAI: "openai"
        case .other: nil
        }
    }

    /// Reads `--endpoint` and finds the key: for Azure `api-key` from AZURE_OPENAI_API_KEY (or an
    /// Entra bearer token from AZURE_OPENAI_AD_TOKEN), for OpenAI `Authorization: Bearer` from
    /// OPENAI_API_KEY; other URLs get `Authorization: Bearer` only when `bearerVariable` names a
    /// set variable. `dialect` overrides the one the URL implies.
    public static func resolve(_ text: String, keys: KeyStore, config: Config, dialect override: RealtimeDialect? = nil,
                               bearerVariable: String? = nil, environment: [String: String] = [:]) throws -> RealtimeEndpoint {
        var raw = text.trimmingCharacters(in: .whitespaces)
        if raw.hasPrefix("https://") { raw = "wss://" + raw.dropFirst(8) }
        if raw.hasPrefix("http://") { raw = "ws://" + raw.dropFirst(7) }
        guard let components = URLComponents(string: raw), let scheme = components.scheme, ["ws", "wss"].contains(scheme),
              let host = components.host, !host.isEmpty else {
            throw FoundryError.usage("--endpoint '\(text)' is not a ws://, wss:// or https:// URL",
                                     hint: "e.g. wss://myres.openai.azure.com/openai/v1/realtime?model=gpt-realtime")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        let path = components.path
        var endpoint = RealtimeEndpoint(url: raw, kind: .other, dialect: override ?? .ga, headers: [:], model: query["model"])
        if host.hasSuffix(".openai.azure.com") || host.hasSuffix(".cognitiveservices.azure.com") || host.hasSuffix(".services.ai.azure.com") {
            if path.hasSuffix("/openai/v1/realtime") {
                endpoint.kind = .azure
                guard query["model"].map({ !$0.isEmpty }) ?? false else {
                    throw FoundryError.usage("the Azure OpenAI GA endpoint needs ?model={deployment}", hint: "e.g. \(raw.split(separator: "?")[0])?model=gpt-realtime")
                }
            } else if path.hasSuffix("/openai/realtime") {
                endpoint.kind = .azurePreview
                endpoint.dialect = override ?? .beta
                endpoint.model = query["deployment"]
                guard query["api-version"] != nil, query["deployment"] != nil else {
                    throw FoundryError.usage("the Azure OpenAI preview endpoint needs ?api-version=…&deployment=…",
                                             hint: "e.g. \(raw.split(separator: "?")[0])?api-version=2025-04-01-preview&deployment=gpt-realtime")
                }
            } else {
                throw FoundryError.usage("--endpoint '\(text)': an Azure OpenAI realtime path is /openai/v1/realtime (GA) or /openai/realtime (preview)")
            }
            let settings = config.providers["azure"] ?? ProviderSettings.builtIn.first { $0.name == "azure" }!
            guard let credential = keys.credential(for: settings) else {
                throw FoundryError.usage("no key for Azure OpenAI", hint: "set AZURE_OPENAI_API_KEY (api-key) or AZURE_OPENAI_AD_TOKEN (Entra ID bearer token)")
            }
            endpoint.headers[credential.scheme == .bearer ? "Authorization" : "api-key"] = credential.scheme == .bearer ? "Bearer " + credential.value : credential.value
            endpoint.credentialSource = credential.source
        } else if host == "api.openai.com" {
            endpoint.kind = .openAI
            let settings = config.providers["openai"] ?? ProviderSettings.builtIn.first { $0.name == "openai" }!
            guard let credential = keys.credential(for: settings) else {
                throw FoundryError.usage("no key for OpenAI", hint: "set OPENAI_API_KEY")
            }
            endpoint.headers["Authorization"] = "Bearer " + credential.value
            endpoint.credentialSource = credential.source
            if endpoint.dialect == .beta { endpoint.headers["OpenAI-Beta"] = "realtime=v1" }
        } else if let variable = bearerVariable {
            guard let value = environment[variable], !value.isEmpty else {
                throw FoundryError.usage("--key-env \(variable) is not set")
            }
            Redactor.shared.register(value)
            endpoint.headers["Authorization"] = "Bearer " + value
            endpoint.credentialSource = "environment variable \(variable)"
        }
        return endpoint
    }

    /// The local server on a loopback port (GA, no key).
    public static func local(port: Int) -> RealtimeEndpoint {
        RealtimeEndpoint(url: "ws://127.0.0.1:\(port)/v1/realtime", kind: .other, dialect: .ga, headers: [:], model: nil)
    }

    /// The URL without its query (for messages).
    public var displayURL: String { String(url.split(separator: "?", maxSplits: 1).first ?? "") }
}
