import CCurl
import CFoundryPluginABI
import Foundation

/// One streaming call: POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse with
/// libcurl on the calling thread, SSE events parsed as they arrive and turned into foundry
/// events. Used only by the thread that runs chat_stream (and curl's callbacks on it).
final class GeminiStream {
    private static let maxErrorBody = 65_536

    private let out: Emitter
    private let token: CallToken
    private let handle: UnsafeMutableRawPointer
    private let base: String
    private let firstByteMs: Int
    private var started = ContinuousClock.now

    private let decoder = JSONDecoder()
    private var reader = SSELineReader()
    private var httpStatus = 0
    private var retryAfterMs: Int?
    private var errorBody: [UInt8] = []
    private var gotBody = false
    private var failed = false  // an ERROR was emitted
    private var firstByteTimedOut = false
    private var finishReason: String?
    private var usage: Emitter.Usage?
    private var toolCalls = 0

    private init(out: Emitter, token: CallToken, handle: UnsafeMutableRawPointer, base: String, firstByteMs: Int) {
        self.out = out
        self.token = token
        self.handle = handle
        self.base = base
        self.firstByteMs = firstByteMs
    }

    /// Runs the call to completion and returns a foundry_status.
    static func run(callID: UInt64, request bytes: UnsafeRawBufferPointer,
                    emit: foundry_emit_fn, context: UnsafeMutableRawPointer?) -> Int32 {
        let token = CallRegistry.shared.register(callID)
        defer { CallRegistry.shared.unregister(callID) }

        let request: HostRequest
        switch HostRequest.decode(bytes) {
        case .success(let decoded): request = decoded
        case .failure(let error):
            Emitter(emit: emit, context: context, secret: nil).error("bad_request", error.message)
            return Int32(FOUNDRY_FAILED.rawValue)
        }
        let endpoint = request.endpoint
        let key = [endpoint?.apiKey, ProcessInfo.processInfo.environment["GEMINI_API_KEY"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        let out = Emitter(emit: emit, context: context, secret: key)
        guard let key else {
            out.error("auth", "gemini: no API key; set GEMINI_API_KEY (or the endpoint's api_key)")
            return Int32(FOUNDRY_FAILED.rawValue)
        }
        guard Curl.isReady, let handle = curl_easy_init() else {
            out.error("network", "gemini: could not initialise libcurl")
            return Int32(FOUNDRY_FAILED.rawValue)
        }
        defer { curl_easy_cleanup(handle) }

        let base = GeminiEndpoint.baseURL(endpoint?.baseURL)
        let firstByteMs = GeminiEndpoint.positive(endpoint?.firstByteTimeoutMs) ?? GeminiEndpoint.defaultFirstByteMs
        let connectMs = GeminiEndpoint.positive(endpoint?.connectTimeoutMs) ?? GeminiEndpoint.defaultConnectMs
        let stream = GeminiStream(out: out, token: token, handle: handle, base: base, firstByteMs: firstByteMs)
        let model = GeminiEndpoint.modelPath(request.model)
        let url = "\(GeminiEndpoint.apiRoot(base))/models/\(model):streamGenerateContent?alt=sse"
        let body = GeminiRequest.body(for: request).jsonText
        return stream.perform(url: url, body: body, key: key, connectMs: connectMs)
    }

    // MARK: - The transfer

    private func perform(url: String, body: String, key: String, connectMs: Int) -> Int32 {
        var headers: UnsafeMutablePointer<curl_slist>? = nil
        for header in ["Content-Type: application/json", "Accept: text/event-stream", "Expect:", "x-goog-api-key: \(key)"] {
            headers = curl_slist_append(headers, header)
        }
        defer { curl_slist_free_all(headers) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
            data, size, count, context in
            guard let context else { return 0 }
            let stream = Unmanaged<GeminiStream>.fromOpaque(context).takeUnretainedValue()
            return stream.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
            data, size, count, context in
            guard let context else { return 0 }
            let stream = Unmanaged<GeminiStream>.fromOpaque(context).takeUnretainedValue()
            stream.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        typealias Progress = @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32
        let onProgress: Progress = { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<GeminiStream>.fromOpaque(context).takeUnretainedValue().shouldAbort() ? 1 : 0
        }

        let me = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        Curl.set(handle, CURLOPT_URL, string: url)
        Curl.set(handle, CURLOPT_NOSIGNAL, 1)
        Curl.set(handle, CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(headers))
        Curl.set(handle, CURLOPT_POSTFIELDSIZE, body.utf8.count)
        Curl.set(handle, CURLOPT_COPYPOSTFIELDS, string: body)
        Curl.set(handle, CURLOPT_USERAGENT, string: "foundry-gemini/\(Plugin.version)")
        Curl.set(handle, CURLOPT_CONNECTTIMEOUT_MS, connectMs)
        Curl.set(handle, CURLOPT_TCP_KEEPALIVE, 1)
        Curl.set(handle, CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
        Curl.set(handle, CURLOPT_WRITEFUNCTION, pointer: unsafeBitCast(onBody, to: UnsafeRawPointer.self))
        Curl.set(handle, CURLOPT_WRITEDATA, pointer: me)
        Curl.set(handle, CURLOPT_HEADERFUNCTION, pointer: unsafeBitCast(onHeader, to: UnsafeRawPointer.self))
        Curl.set(handle, CURLOPT_HEADERDATA, pointer: me)
        Curl.set(handle, CURLOPT_NOPROGRESS, 0)
        Curl.set(handle, CURLOPT_XFERINFOFUNCTION, pointer: unsafeBitCast(onProgress, to: UnsafeRawPointer.self))
        Curl.set(handle, CURLOPT_XFERINFODATA, pointer: me)

        started = ContinuousClock.now
        let code = token.isCancelled ? CURLE_ABORTED_BY_CALLBACK : withExtendedLifetime(self) { curl_easy_perform(handle) }
        return outcome(code, detail: String(cString: errorBuffer), connectMs: connectMs)
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        gotBody = true
        if httpStatus == 0 { httpStatus = Curl.info(handle, CURLINFO_RESPONSE_CODE) }
        guard (200..<300).contains(httpStatus) else {
            errorBody.append(contentsOf: bytes.prefix(max(0, Self.maxErrorBody - errorBody.count)))
            return bytes.count
        }
        if failed { return 0 }
        do {
            for data in try reader.feed(bytes) {
                handleEvent(data, atEnd: false)
                if failed { return 0 }
            }
        } catch {
            fail("protocol", "gemini: a line of the stream is longer than 16 MiB")
            return 0
        }
        return bytes.count
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            retryAfterMs = nil  // a new response begins (after a 1xx)
        } else if line.lowercased().hasPrefix("retry-after:") {
            let value = line.dropFirst("retry-after:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            retryAfterMs = GeminiError.retryAfterMs(headerValue: value)
        }
    }

    private func shouldAbort() -> Bool {
        if token.isCancelled { return true }
        if !gotBody, ContinuousClock.now - started > .milliseconds(firstByteMs) {
            firstByteTimedOut = true
            return true
        }
        return false
    }

    // MARK: - Events

    private func handleEvent(_ data: [UInt8], atEnd: Bool) {
        if data.elementsEqual("[DONE]".utf8) { return }
        guard let chunk = try? decoder.decode(GeminiChunk.self, from: Data(data)) else {
            // At the end of the stream a half-received event just means the stream was cut.
            if !atEnd { fail("protocol", "gemini: an event of the stream is not valid JSON") }
            return
        }
        if let error = chunk.error {
            let event = GeminiError.event(streamed: error)
            fail(event.kind, event.message, status: event.status, retryAfterMs: event.retryAfterMs)
            return
        }
        if let metadata = chunk.usageMetadata {
            usage = Emitter.Usage(input_tokens: metadata.promptTokenCount, output_tokens: metadata.candidatesTokenCount,
                                  cached_input_tokens: metadata.cachedContentTokenCount,
                                  reasoning_tokens: metadata.thoughtsTokenCount)
        }
        if let candidate = chunk.candidates?.first {
            for part in candidate.content?.parts ?? [] {
                if let call = part.functionCall {
                    let arguments = (call.args ?? .object([:])).jsonText
                    let id = call.id ?? "call_\(toolCalls)"
                    out.toolCall(index: toolCalls, id: id, name: call.name, arguments: arguments)
                    toolCalls += 1
                } else if let text = part.text, !text.isEmpty, part.thought != true {
                    out.text(text)
                }
            }
            if let reason = candidate.finishReason { finishReason = reason }
        } else if chunk.promptFeedback?.blockReason != nil {
            finishReason = "SAFETY"  // the prompt itself was blocked: no candidates at all
        }
    }

    private func fail(_ kind: String, _ message: String, status: Int? = nil, retryAfterMs: Int? = nil) {
        out.error(kind, message, status: status, retryAfterMs: retryAfterMs)
        failed = true
    }

    // MARK: - Outcome

    private func outcome(_ code: CURLcode, detail: String, connectMs: Int) -> Int32 {
        let failedStatus = Int32(FOUNDRY_FAILED.rawValue)
        if failed { return failedStatus }
        if token.isCancelled {
            out.error("cancelled", "cancelled")
            return Int32(FOUNDRY_CANCELLED.rawValue)
        }
        if httpStatus == 0 { httpStatus = Curl.info(handle, CURLINFO_RESPONSE_CODE) }
        if httpStatus >= 400 {
            let event = GeminiError.event(httpStatus: httpStatus, body: errorBody, retryAfterHeaderMs: retryAfterMs)
            fail(event.kind, event.message, status: event.status, retryAfterMs: event.retryAfterMs)
            return failedStatus
        }
        if firstByteTimedOut {
            fail("timeout", "gemini: no response from \(base) within \(firstByteMs) ms")
            return failedStatus
        }
        if httpStatus != 0, !(200..<300).contains(httpStatus) {
            fail("protocol", "gemini: unexpected HTTP status \(httpStatus) from \(base)", status: httpStatus)
            return failedStatus
        }
        let streamEnded = code == CURLE_OK
            || (gotBody && [CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING].contains(code))
        if streamEnded {
            if code == CURLE_OK { flushPendingEvent() }
            if failed { return failedStatus }
            guard let reason = finishReason else {
                fail("protocol", "stream ended before the final chunk")
                return failedStatus
            }
            if let usage { out.usage(usage) }
            out.finish(GeminiChunk.finishReason(reason, madeToolCalls: toolCalls > 0))
            return Int32(FOUNDRY_OK.rawValue)
        }
        let detail = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            fail("timeout", "gemini: connecting to \(base) timed out after \(connectMs) ms")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_CRL_BADFILE:
            fail("tls", "gemini: TLS error talking to \(base): \(detail)")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            fail("network", "gemini: cannot reach \(base): \(detail)")
        default:
            fail("network", "gemini: network error talking to \(base): \(detail)")
        }
        return failedStatus
    }

    /// At a clean end of the body, an event not yet closed by a blank line still counts.
    private func flushPendingEvent() {
        let terminator: [UInt8] = [UInt8(ascii: "\n"), UInt8(ascii: "\n")]
        let events = terminator.withUnsafeBytes { try? reader.feed($0) } ?? []
        for data in events { handleEvent(data, atEnd: true) }
    }
}
