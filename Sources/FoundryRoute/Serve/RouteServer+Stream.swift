import Foundation
import FoundryCore
import FoundryOpenAIWire
import FoundryProviders
import HTTPTypes
import Hummingbird
import NIOCore
import FoundryRouting

/// Streamed answers. Both ways of streaming (this task-based one, and the event-loop relay in
/// `ServeRelay`) share the head, the opening chunk and the closing bookkeeping below.
extension RouteServer {
    /// Streams: waits for the first token (so fallbacks before it stay invisible and the headers
    /// name the model that answers), then relays the answer as it arrives, pulling it from the
    /// upstream in the task that writes the response.
    func stream(_ chat: ChatRequest, parsed: ServeRequest, decision: Decision, after prior: PriorFailure?, clock: Stopwatch) async -> Response {
        var d = decision
        let answer: Executor.Answer
        let upstream = Stopwatch()
        do {
            answer = try await executor().open(chat, decision: &d, after: prior)
        } catch {
            limits.finish(d.id, costUSD: 0, tokens: 0)
            state.remember(d)
            logs.append(d)
            state.finished(model: decision.chosen ?? "none", status: .failed, caller: d.caller, decisionMicroseconds: d.decisionMicroseconds, ttftMs: nil)
            return Self.failure(error, extra: [HTTPField.Name("x-foundry-decision-id")!: d.id,
                                               ServeOverhead.header: ServeOverhead.value(clock.milliseconds - upstream.milliseconds)])
        }
        let upstreamMs = upstream.milliseconds
        let model = answer.model
        let stream = StreamIdentity(decision: decision, model: model)
        let server = self
        let opened = d
        var headers = streamHeaders(decision, model: model, deployment: answer.deployment)
        headers[ServeOverhead.header] = ServeOverhead.value(clock.milliseconds - upstreamMs)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var d = opened
            var failure: (any Error)?
            do {
                try await writer.write(ByteBuffer(string: stream.opening(first: answer.first)))
                while let text = try await answer.next() {
                    try await writer.write(ByteBuffer(string: stream.chunk(text)))
                }
            } catch {
                failure = error  // the upstream failed after the first token, or the client went away
            }
            d.attempts = answer.attempts
            try await writer.write(ByteBuffer(string: server.closeStream(d, stream, outcome: failure == nil ? answer.outcome : nil, failure: failure,
                                                                        includeUsage: parsed.includeUsage)))
            try await writer.finish(nil)
        })
    }

    /// The response head of a stream answered by `model`.
    func streamHeaders(_ decision: Decision, model: String, deployment: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        for (name, value) in responseHeaders(decision, model: model, deployment: deployment) { headers[name] = value }
        return headers
    }

    /// Records the finished (or cut) stream and returns its last bytes: the finish chunk, the
    /// usage chunk when asked for and `[DONE]`; or, for an answer cut short, an error event and
    /// no `[DONE]`.
    func closeStream(_ decision: Decision, _ stream: StreamIdentity, outcome: Executor.Outcome?, failure: (any Error)?, includeUsage: Bool) -> String {
        let d = decision
        state.remember(d)
        guard let outcome else {
            limits.finishAtWorst(d.id)
            logs.append(d)
            state.finished(model: stream.model, status: .cut, caller: d.caller, decisionMicroseconds: d.decisionMicroseconds, ttftMs: nil)
            let message = (failure as? FoundryError)?.message ?? failure.map { "\($0)" } ?? "the answer ended early"
            return CompletionChunks.error(message, type: "server_error", code: "upstream_failed")
        }
        let usage: Usage
        if let (record, counted, cost) = try? session.usageRecord(outcome, decision: d, source: "route-serve") {
            limits.finish(d.id, costUSD: cost, tokens: counted.inputTokens + counted.outputTokens)
            state.metrics.spent(d.caller, usd: cost)
            logs.append(d, usage: record)
            usage = counted
        } else {
            limits.finishAtWorst(d.id)
            logs.append(d)
            usage = outcome.completion.usage ?? Usage(inputTokens: 0, outputTokens: 0)
        }
        state.finished(model: stream.model, status: .ok, caller: d.caller, decisionMicroseconds: d.decisionMicroseconds, ttftMs: outcome.ttftMs)
        var closing = stream.chunk(finish: outcome.completion.finishReason?.description ?? "stop")
        if includeUsage { closing += stream.chunks.usage(usage) }
        return closing + CompletionChunks.done
    }
}

/// What every chunk of one streamed answer repeats: its id, model and creation time.
struct StreamIdentity: Sendable {
    let chunks: CompletionChunks
    var model: String { chunks.model }

    init(decision: Decision, model: String) {
        chunks = CompletionChunks(id: "chatcmpl-" + decision.id, model: model, created: Int(Date().timeIntervalSince1970))
    }

    /// The role chunk and the first token, which leave in one write.
    func opening(first: String?) -> String {
        var text = chunks.opening
        if let first { text += chunk(first) }
        return text
    }

    func chunk(_ text: String) -> String { chunks.content(text) }

    func chunk(finish: String) -> String { chunks.finish(finish) }
}
