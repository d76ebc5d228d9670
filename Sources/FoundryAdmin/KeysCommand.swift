import ArgumentParser
import Foundation
import FoundryCore
import FoundryGateway

/// `foundry keys`: the virtual keys `route serve` accepts, managed on the store directly.
public struct KeysCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, show, revoke and rotate the virtual keys route serve accepts.",
        discussion: """
            A virtual key stands in for the operator's provider keys: route serve requires one on \
            every /v1/* request (Authorization: Bearer KEY) and applies its budget, rate limits \
            and model list. Only a hash of each key is stored; the key itself is printed once, \
            by create and rotate. Keys live in the store (--store): the state directory for one \
            instance, PostgreSQL for a fleet, where a revocation reaches every instance within a second.

            Examples:
              foundry keys create --name search-team --budget 50/day --rpm 600 --models 'openai/*,local/*'
              foundry keys revoke search-team --store postgres://foundry@db:5432/foundry
            """,
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysShowCommand.self, KeysRevokeCommand.self, KeysRotateCommand.self])

    public init() {}
}

/// Shared printing of one key (no secret).
enum KeyText {
    static func lines(_ key: VirtualKey) -> [String] {
        var lines = ["name:          \(key.name)", "status:        \(key.status())", "key:           \(key.hint)"]
        lines.append("budget:        \(key.budget?.description ?? "none")" + LimitText.warning(key.softBudgetUSD))
        lines.append("rate limits:   " + LimitText.rates(rpm: key.rpm, tpm: key.tpm, maxParallel: key.maxParallel).compactMap { $0 }
            .joined(separator: ", ").ifEmpty("none"))
        lines.append("models:        " + (key.models.isEmpty ? "any" : key.models.joined(separator: ", ")))
        lines.append("tags:          " + key.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ").ifEmpty("none")
                     + (key.allowTagHeader ? " (x-foundry-tags allowed)" : ""))
        lines.append("created:       \(Timestamp.iso8601(key.createdAt))")
        if let at = key.expiresAt { lines.append("expires:       \(Timestamp.iso8601(at))") }
        if let at = key.rotatedAt { lines.append("rotated:       \(Timestamp.iso8601(at))") }
        if let at = key.revokedAt { lines.append("revoked:       \(Timestamp.iso8601(at))") }
        return lines
    }

    /// The JSON object of a key (no hash); `secret` only when just issued.
    static func json(_ key: VirtualKey, secret: String? = nil) -> String { PublicKey(key, secret: secret).json(pretty: true) }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
