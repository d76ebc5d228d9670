import Foundation

/// Reads a file the user named, with the one-line error foundry prints when it cannot:
/// "cannot read WHAT 'PATH': no such file" (or permission denied).
public enum TextFile {
    public static func data(_ path: String, what: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw FoundryError.failure("cannot read \(what)'\(path)': \(reason)")
        }
        return data
    }

    /// The file as UTF-8 text.
    public static func text(_ path: String, what: String) throws -> String {
        guard let text = String(data: try data(path, what: what), encoding: .utf8) else {
            throw FoundryError.failure("\(what)'\(path)' is not UTF-8 text")
        }
        return text
    }
}
