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
            let body = try await request.body.collect(upTo: 16 << 20)
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
        let chunks = ChunkFormat(id: String(id), model: loaded.name, created: created, chat: chat)
        if !parsed.stream {
            let lock = self.queue
            await lock.acquire()
            defer { Task { await lock.release() } }
            do {
                let generator = loaded.generator
                let result = try await OffPool.run {
                    try generator.generate(prompt: prompt, maxTokens: maxTokens, sampling: parsed.sampling, stop: parsed.stop) { _ in }
                }
                return Self.json(chunks.completion(result, promptTokens: prompt.count), status: .ok)
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
                if chat { try await writer.write(ByteBuffer(string: chunks.delta(role: true, text: ""))) }
                for await text in texts where !text.isEmpty {
                    try await writer.write(ByteBuffer(string: chunks.delta(role: false, text: text)))
                }
                switch await work.value {
                case .success(let result):
                    try await writer.write(ByteBuffer(string: chunks.finish(result.finish)))
                    if parsed.includeUsage {
                        try await writer.write(ByteBuffer(string: chunks.usage(prompt: prompt.count, completion: result.tokens.count)))
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                case .failure(let error):
                    let message = (error as? FoundryError)?.message ?? "\(error)"
                    try await writer.write(ByteBuffer(string: "data: " + Self.errorBody(message, type: "server_error") + "\n\n"))
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

    static func errorBody(_ message: String, type: String) -> String {
        OpenAIErrorBody.json(message, type: type, code: nil)
    }

    static func error(_ error: any Error) -> Response {
        if let e = error as? FoundryError, e.exitCode == ExitStatus.usage {
            return json(errorBody(e.message, type: "invalid_request_error"), status: .badRequest)
        }
        if let e = error as? HTTPError, (400..<500).contains(e.status.code) {
            return json(errorBody(e.body ?? e.status.reasonPhrase, type: "invalid_request_error"), status: e.status)
        }
        let message = (error as? FoundryError)?.message ?? "\(error)"
        return json(errorBody(message, type: "server_error"), status: .internalServerError)
    }
}

/// A reference box so a flag can be shared with @Sendable closures.
final class Arc<T: ~Copyable>: Sendable where T: Sendable {
    let value: T
    init(_ value: consuming T) { self.value = value }
}
