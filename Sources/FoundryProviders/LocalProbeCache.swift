import FoundryCore
import Synchronization

/// Remembers whether local endpoints listen, so one command probes each at most once.
final class LocalProbeCache: Sendable {
    static let shared = LocalProbeCache()
    private let results = Mutex<[String: Bool]>([:])

    func isListening(_ url: String) -> Bool {
        if let known = results.withLock({ $0[url] }) { return known }
        let answer = EndpointProbe.isListening(url)
        results.withLock { $0[url] = answer }
        return answer
    }
}
