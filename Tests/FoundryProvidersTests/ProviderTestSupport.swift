import Foundation
import FoundryCore
import FoundryProviders
import NIOCore

/// Collects a provider stream: the events in order, or the error it ended with.
struct Collected {
    var events: [ChatEvent] = []
    var error: (any Error)?

    var text: String { events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined() }
    var usage: Usage? { events.compactMap { if case .usage(let u) = $0 { u } else { nil } }.last }
    var finish: FinishReason? { events.compactMap { if case .finish(let f) = $0 { f } else { nil } }.last }
    var providerError: ProviderError? { error as? ProviderError }
    var completion: ChatCompletion {
        var c = ChatCompletion()
        events.forEach { c.absorb($0) }
        return c
    }
}

func collect(_ provider: any ChatProvider, _ request: ChatRequest, _ entry: CatalogEntry) async -> Collected {
    var result = Collected()
    do {
        for try await event in provider.stream(request, model: entry) { result.events.append(event) }
    } catch {
        result.error = error
    }
    return result
}

/// Runs an event-loop call on `loop` and collects what it reports.
func collectOnLoop(_ provider: any WireChatProvider, _ request: ChatRequest, _ entry: CatalogEntry, loop: any EventLoop) async -> Collected {
    await withCheckedContinuation { continuation in
        loop.execute {
            var result = Collected()
            _ = EventLoopChatCall.start(provider.wireCall(request, model: entry), on: loop) { update in
                switch update {
                case .events(let events): result.events += events
                case .finished: continuation.resume(returning: result)
                case .failed(let error):
                    result.error = error
                    continuation.resume(returning: result)
                }
            }
        }
    }
}

func entry(_ provider: String, _ model: String, maxOutput: Int = 8192) -> CatalogEntry {
    CatalogEntry(provider: provider, model: model, contextWindow: 128_000, maxOutputTokens: maxOutput, location: .cloud)
}

func credential(_ value: String, _ variable: String) -> Credential? {
    KeyStore(environment: [variable: value]).credential(for: ProviderSettings(name: "x", kind: .openAICompatible, apiKeyVariable: variable))
}

/// SSE text for a list of JSON payloads, as OpenAI-compatible servers send it.
func sse(_ payloads: [String], done: Bool = true) -> String {
    payloads.map { "data: \($0)\n\n" }.joined() + (done ? "data: [DONE]\n\n" : "")
}

let sampleRequest = ChatRequest(
    messages: [.system("Be brief."), .user("Say hello")], temperature: 0.2, topP: 0.9, maxTokens: 64, stop: ["\n\n"])
