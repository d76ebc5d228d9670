import Foundation

/// Model allow-lists: exact catalog ids, `provider/*`, or any pattern with `*` wildcards.
public enum ModelPatterns {
    /// Whether `model` matches one of `patterns`; an empty list allows every model.
    public static func matches(_ patterns: [String], _ model: String) -> Bool {
        patterns.isEmpty || patterns.contains { glob($0, model) }
    }

    /// `*` matches any run of characters (including `/`).
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var i = 0, j = 0, star = -1, mark = 0
        while j < t.count {
            if i < p.count, p[i] != "*", p[i] == t[j] {
                i += 1; j += 1
            } else if i < p.count, p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }

    /// Checks a comma-separated list from the command line: no empty entries, no spaces.
    public static func parse(_ list: String) throws -> [String] {
        let parts = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts where part.isEmpty || part.contains(" ") {
            throw FoundryError.usage("--models '\(list)': every entry must be a model id or pattern such as openai/* (no empty entries)")
        }
        return parts
    }
}
