import FoundryCore
import FoundryProviders

/// A catalog model called through its provider (built-in or plugin), the same streaming path
/// `foundry route --model M` takes. Instants are stamped as the provider's stream yields.
public struct ProviderTarget: BenchTarget {
    public let entry: CatalogEntry
    private let provider: any ChatProvider
    private let temperature: Double?

    public init(entry: CatalogEntry, provider: any ChatProvider, temperature: Double? = nil) {
        self.entry = entry
        self.provider = provider
        self.temperature = temperature
    }

    public var name: String { entry.id }
    public var catalogEntry: CatalogEntry? { entry }

    public func send(_ prompt: BenchPrompt) async -> RequestTiming {
        let request = ChatRequest(messages: prompt.messages, temperature: temperature, maxTokens: prompt.maxTokens)
        let sent = ContinuousClock.now
        var timing = RequestTiming(sent: sent, finished: sent)
        var text = ""
        do {
            for try await event in provider.stream(request, model: entry) {
                switch event {
                case .text(let piece) where !piece.isEmpty:
                    timing.content.append(.now)
                    text += piece
                case .usage(let usage):
                    timing.usage = usage
                default:
                    break
                }
            }
            if Task.isCancelled { timing.error = .cancelled(provider: entry.provider, model: entry.model) }
        } catch let error as ProviderError {
            timing.error = error
        } catch is CancellationError {
            timing.error = .cancelled(provider: entry.provider, model: entry.model)
        } catch {
            timing.error = .malformed(provider: entry.provider, model: entry.model, detail: (error as? FoundryError)?.message ?? "\(error)")
        }
        timing.finished = .now
        timing.text = text
        return timing
    }

    public func shutdown() async {}
}
