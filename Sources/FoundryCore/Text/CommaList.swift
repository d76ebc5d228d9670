import Foundation

/// Comma-separated values as users type them (`--provider openai,azure`): trimmed, no empties.
public enum CommaList {
    public static func parse(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Several occurrences of an option, each possibly a list.
    public static func parse(_ texts: [String]) -> [String] { texts.flatMap { parse($0) } }
}
