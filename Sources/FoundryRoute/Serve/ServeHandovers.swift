import FoundryCore
import HTTPTypes
import Synchronization
import FoundryRouting

/// Requests the event-loop relay passes on to the task-based path: the relay handles streamed
/// answers from HTTP providers without hedging; everything else (and a first model that fails
/// before its first token) continues there, with the decision already made. The relay marks the
/// request with a header naming the handover; clients' own values of that header are removed.
final class ServeHandovers: Sendable {
    static let header = HTTPField.Name("x-foundry-handover")!

    struct Handover: Sendable {
        var decision: Decision
        /// The first model's failure, when the relay tried it.
        var prior: PriorFailure?
        /// Whether the request is already counted in flight.
        var counted: Bool
    }

    private let pending = Mutex<[String: Handover]>([:])

    func put(_ handover: Handover) -> String {
        let token = handover.decision.id
        pending.withLock { $0[token] = handover }
        return token
    }

    func take(_ token: String) -> Handover? { pending.withLock { $0.removeValue(forKey: token) } }
}
