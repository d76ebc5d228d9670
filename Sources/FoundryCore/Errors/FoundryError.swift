/// The error every foundry command reports: one line saying what happened to what, an optional
/// hint saying what to do, and the documented exit code.
public struct FoundryError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case failure, usage, unsatisfiable, provider, interrupted
    }

    private let kind: Kind
    public let message: String
    public let hint: String?

    private init(_ kind: Kind, _ message: String, hint: String?) {
        self.kind = kind
        self.message = Redactor.shared.redact(message)
        self.hint = hint.map { Redactor.shared.redact($0) }
    }

    /// Exit 1: the command failed (bad file, bad data, I/O).
    public static func failure(_ message: String, hint: String? = nil) -> FoundryError {
        FoundryError(.failure, message, hint: hint)
    }
    /// Exit 2: the command line or configuration is wrong.
    public static func usage(_ message: String, hint: String? = nil) -> FoundryError {
        FoundryError(.usage, message, hint: hint)
    }
    /// Exit 3: no model satisfies the constraints.
    public static func unsatisfiable(_ message: String, hint: String? = nil) -> FoundryError {
        FoundryError(.unsatisfiable, message, hint: hint)
    }
    /// Exit 4: a provider or the network failed after all fallbacks.
    public static func provider(_ message: String, hint: String? = nil) -> FoundryError {
        FoundryError(.provider, message, hint: hint)
    }
    /// Exit 130: interrupted by the user.
    public static func interrupted(_ message: String = "interrupted") -> FoundryError {
        FoundryError(.interrupted, message, hint: nil)
    }

    public var exitCode: Int32 {
        switch kind {
        case .failure: ExitStatus.failure
        case .usage: ExitStatus.usage
        case .unsatisfiable: ExitStatus.unsatisfiable
        case .provider: ExitStatus.provider
        case .interrupted: ExitStatus.interrupted
        }
    }

    public var description: String { message }
}
