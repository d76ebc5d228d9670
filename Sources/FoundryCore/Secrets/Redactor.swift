import Foundation
import Synchronization

/// Removes secrets from any text before it is printed or logged: every key value foundry has
/// loaded, plus strings shaped like API keys or bearer tokens.
public final class Redactor: Sendable {
    public static let shared = Redactor()
    public static let mask = "[REDACTED]"

    private let secrets = Mutex<Set<String>>([])
    /// Key-shaped strings, each with the template that keeps its non-secret prefix.
    private let patterns: [(NSRegularExpression, String)] = [
        (#"sk-(ant-|proj-)?[A-Za-z0-9_\-]{12,}"#, Redactor.mask),
        (#"AIza[0-9A-Za-z_\-]{20,}"#, Redactor.mask),
        (#"(?i)((api[-_]?key|x-goog-api-key|authorization)["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',;&]{6,}"#, "$1" + Redactor.mask),
        (#"(?i)(bearer\s+)[A-Za-z0-9._~+/\-]{8,}=*"#, "$1" + Redactor.mask),
        (#"(?i)([?&]key=)[^&\s]{6,}"#, "$1" + Redactor.mask),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    public init() {}

    /// Registers a secret value; values shorter than 6 characters are too ambiguous to redact.
    public func register(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 6 else { return }
        secrets.withLock { _ = $0.insert(trimmed) }
    }

    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ Array($0) }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        for (pattern, template) in patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = pattern.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }
}
