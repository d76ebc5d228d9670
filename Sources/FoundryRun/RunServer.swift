import Foundation
import FoundryCore
import FoundryOpenAIWire
import FoundryLM
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The HTTP routes of `run serve`: OpenAI's chat and text completions over one local model.
struct RunServer: Sendable {
    let loaded: LoadedModel
    let template: ChatTemplate?
    let defaultMaxTokens: Int
    let queue = GenerationQueue()

    func router() -> Hummingbird.Router<BasicRequestContext> {
        let router = Hummingbird.Router()
        router.add(middleware: OpenAIErrorMiddleware())
        router.post("/v1/chat/completions") { request, _ in await self.handle(request, chat: true) }
        router.post("/v1/completions") { request, _ in await self.handle(request, chat: false) }
        router.get("/v1/models") { _, _ in
            let model: JSONValue = .object(["id": .string(loaded.name), "object": .string("model"), "owned_by": .string("foundry"),
                                            "context_length": .number(Double(loaded.generator.model.contextLength))])
            return Self.json(JSONValue.object(["object": .string("list"), "data": .array([model])]).jsonString, status: .ok)
        }
        return router
    }

    private func handle(_ request: Request, chat: Bool) async -> Response {
        let parsed: RunServeRequest
        let prompt: [Int32]
        do {
            let body = try await RequestBodyLimit.collect(request)
            parsed = try RunServeRequest.parse(Data(body.readableBytesView), chat: chat)
            prompt = try tokens(for: parsed)
            guard prompt.count < loaded.generator.model.contextLength else {
                throw FoundryError.usage("the prompt has \(prompt.count) tokens; the context holds \(loaded.generator.model.contextLength)")
            }
        } catch {
            return Self.error(error)
        }
        let id = (chat ? "chatcmpl-" : "cmpl-") + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
        let created = Int(Date().timeIntervalSince1970)
        let maxTokens = min(parsed.maxTokens ?? defaultMaxTokens, loaded.generator.model.contextLength - prompt.count)
        let chunks = CompletionChunks(kind: chat ? .chat : .text, id: String(id), model: loaded.name, created: created)
        if !parsed.stream {
            let lock = self.queue
            await lock.acquire()
            defer { Task { await lock.release() } }
            do {
                let generator = loaded.generator
                let result = try await OffPool.run {
                    try generator.generate(prompt: prompt, maxTokens: maxTokens, sampling: parsed.sampling, stop: parsed.stop) { _ in }
                }
                return Self.json(Self.document(result, chunks: chunks, promptTokens: prompt.count), status: .ok)
            } catch {
                return Self.error(error)
            }
        }
        let (texts, continuation) = AsyncStream<String>.makeStream()
        let cancelled = Arc(Atomic<Bool>(false))
        let generator = loaded.generator, queue = self.queue
        let work = Task { () -> Result<TextGenerator.Result, any Error> in
            await queue.acquire()
            defer { Task { await queue.release() } }
            do {
                let result = try await OffPool.run {
                    try generator.generate(prompt: prompt, maxTokens: maxTokens, sampling: parsed.sampling, stop: parsed.stop,
                                           shouldStop: { cancelled.value.load(ordering: .relaxed) }) { continuation.yield($0) }
                }
                continuation.finish()
                return .success(result)
            } catch {
                continuation.finish()
                return .failure(error)
            }
        }
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                if chat { try await writer.write(ByteBuffer(string: chunks.opening)) }
                for await text in texts where !text.isEmpty {
                    try await writer.write(ByteBuffer(string: chunks.content(text)))
                }
                switch await work.value {
                case .success(let result):
                    try await writer.write(ByteBuffer(string: chunks.finish(Self.finishReason(result.finish))))
                    if parsed.includeUsage {
                        try await writer.write(ByteBuffer(string: chunks.usage(Usage(inputTokens: prompt.count, outputTokens: result.tokens.count))))
                    }
                    try await writer.write(ByteBuffer(string: CompletionChunks.done))
                case .failure(let error):
                    let message = (error as? FoundryError)?.message ?? "\(error)"
                    try await writer.write(ByteBuffer(string: CompletionChunks.error(message, type: "server_error", code: nil)))
                }
                try await writer.finish(nil)
            } catch {
                cancelled.value.store(true, ordering: .relaxed)  // the client went away: stop generating
                throw error
            }
        })
    }

    private func tokens(for request: RunServeRequest) throws -> [Int32] {
        let tokenizer = loaded.tokenizer
        if let messages = request.messages {
            guard let template else {
                throw FoundryError.usage("this model has no chat template foundry recognises; start run serve with --template")
            }
            return template.encode(messages, tokenizer: tokenizer)
        }
        return tokenizer.encode(request.prompt ?? "", addBOS: tokenizer.addBOSByDefault, parseSpecial: false)
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The whole answer: a chat completion or a text completion.
    static func document(_ result: TextGenerator.Result, chunks: CompletionChunks, promptTokens: Int) -> String {
        let usage = Usage(inputTokens: promptTokens, outputTokens: result.tokens.count)
        let reason = finishReason(result.finish)
        return switch chunks.kind {
        case .chat: CompletionDocument.chat(id: chunks.id, model: chunks.model, created: chunks.created, text: result.text, finishReason: reason, usage: usage)
        case .text: CompletionDocument.text(id: chunks.id, model: chunks.model, created: chunks.created, text: result.text, finishReason: reason, usage: usage)
        }
    }

    /// OpenAI's finish reason: a full context is a length limit too.
    static func finishReason(_ finish: GenerationFinish) -> String { finish == .stop ? "stop" : "length" }

    /// A client's mistake is 400 with the code `route serve` gives it too; the rest is 500.
    static func error(_ error: any Error) -> Response {
        if let (status, body) = OpenAIErrorBody.clientError(error) { return json(body, status: status) }
        let message = (error as? FoundryError)?.message ?? "\(error)"
        return json(OpenAIErrorBody.json(message, type: "server_error", code: nil), status: .internalServerError)
    }
}

/// A reference box so a flag can be shared with @Sendable closures.
final class Arc<T: ~Copyable>: Sendable where T: Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
}
