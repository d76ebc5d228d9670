import FoundryCore

/// When a run stops early instead of repeating one error a thousand times: at the first
/// authentication, not-found or TLS failure; at a network failure before any request
/// succeeded (the target is unreachable); or when the first ten requests all failed.
public struct StopPolicy: Sendable {
    public static let allFailedLimit = 10

    private(set) var succeeded = 0
    private(set) var failed = 0

    public init() {}

    /// Takes one finished request; returns the error to stop with, if the run must stop.
    public mutating func observe(_ error: ProviderError?) -> ProviderError? {
        guard let error else {
            succeeded += 1
            return nil
        }
        if error.isCancellation { return nil }
        failed += 1
        switch error.kind {
        case .auth, .notFound, .tls: return error
        case .network where succeeded == 0: return error
        default: return succeeded == 0 && failed >= Self.allFailedLimit ? error : nil
        }
    }
}
