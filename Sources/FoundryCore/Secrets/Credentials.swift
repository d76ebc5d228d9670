import Foundation

/// A provider's key and where it came from. `description` never shows the value.
public struct Credential: Sendable, CustomStringConvertible {
    public enum Scheme: Sendable { case apiKey, bearer }

    public let value: String
    public let scheme: Scheme
    /// e.g. "environment variable OPENAI_API_KEY" or "config file (providers.openai.api_key)".
    public let source: String

    public var description: String { "\(source) (\(Redactor.mask))" }
}

/// Finds keys for providers in the environment or the config file, and registers every value
/// it hands out with the redactor.
public struct KeyStore: Sendable {
    private let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The key for `settings`, or nil when none is configured. Environment wins over the file.
    public func credential(for settings: ProviderSettings) -> Credential? {
        if let variable = settings.apiKeyVariable, let value = nonEmpty(environment[variable]) {
            Redactor.shared.register(value)
            return Credential(value: value, scheme: .apiKey, source: "environment variable \(variable)")
        }
        if let value = nonEmpty(settings.apiKey) {
            Redactor.shared.register(value)
            return Credential(value: value, scheme: .apiKey, source: "config file (providers.\(settings.name).api_key)")
        }
        if let variable = settings.bearerTokenVariable, let value = nonEmpty(environment[variable]) {
            Redactor.shared.register(value)
            return Credential(value: value, scheme: .bearer, source: "environment variable \(variable)")
        }
        return nil
    }

    /// Whether the provider can be called: keyless kinds (local, on-prem without a key variable)
    /// need nothing.
    public func hasUsableKey(for settings: ProviderSettings) -> Bool {
        if settings.apiKeyVariable == nil && settings.apiKey == nil && settings.bearerTokenVariable == nil { return true }
        return credential(for: settings) != nil
    }

    /// The variables a user could set for this provider, for error messages.
    public func keyVariables(for settings: ProviderSettings) -> [String] {
        [settings.apiKeyVariable, settings.bearerTokenVariable].compactMap { $0 }
    }

    /// The endpoint for providers whose URL comes from the environment (Azure).
    public func endpoint(for settings: ProviderSettings) -> String? {
        if let url = nonEmpty(settings.baseURL) { return url }
        if let variable = settings.endpointVariable { return nonEmpty(environment[variable]) }
        return nil
    }

    /// Refuses, with the variables to set, when a provider that needs a key has none.
    public func requireCredential(for settings: ProviderSettings) throws -> Credential? {
        if hasUsableKey(for: settings) { return credential(for: settings) }
        let variables = keyVariables(for: settings)
        throw FoundryError.usage(
            "no API key for provider '\(settings.name)'",
            hint: "set " + variables.joined(separator: " or ") + " (or api_key under [providers.\(settings.name)] in a config.toml only you can read)")
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
