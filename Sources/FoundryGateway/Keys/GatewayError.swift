import Foundation
import FoundryCore

/// What the gateway's keys and store report: one line, with the exit code of `FoundryError`.
public enum GatewayError {
    /// A value the user gave is wrong (exit 2).
    public static func invalid(_ message: String, hint: String? = nil) -> FoundryError { .usage(message, hint: hint) }
    /// The store failed or holds something unexpected (exit 1).
    public static func store(_ message: String, hint: String? = nil) -> FoundryError { .failure(message, hint: hint) }

    /// Why a file of secrets or keys is refused when users other than its owner may read it
    /// (nil when only the owner may, or when it does not exist).
    public static func readableByOthers(_ path: String, what: String) -> (message: String, hint: String)? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return nil }
        return ("\(what) '\(path)' is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8)))", "chmod 600 '\(path)'")
    }
}
