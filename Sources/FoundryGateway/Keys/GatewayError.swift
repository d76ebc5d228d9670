import FoundryCore

/// What the gateway's keys and store report: one line, with the exit code of `FoundryError`.
public enum GatewayError {
    /// A value the user gave is wrong (exit 2).
    public static func invalid(_ message: String, hint: String? = nil) -> FoundryError { .usage(message, hint: hint) }
    /// The store failed or holds something unexpected (exit 1).
    public static func store(_ message: String, hint: String? = nil) -> FoundryError { .failure(message, hint: hint) }
}
