import CFoundryPluginABI
import Foundation

/// Sends events to the host's emit callback as JSON (see foundry_plugin.h for each shape).
/// Lives on the thread that runs chat_stream.
final class Emitter {
    private let emit: foundry_emit_fn
    private let context: UnsafeMutableRawPointer?
    private let secret: String?
    private let encoder: JSONEncoder

    init(emit: foundry_emit_fn, context: UnsafeMutableRawPointer?, secret: String?) {
        self.emit = emit
        self.context = context
        self.secret = secret.flatMap { $0.count >= 4 ? $0 : nil }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    private struct Text: Encodable { let text: String }
    private struct ToolCall: Encodable { let index: Int; let id: String; let name: String; let arguments: String }
    private struct Finish: Encodable { let reason: String }
    struct Usage: Encodable {
        var input_tokens: Int?
        var output_tokens: Int?
        var cached_input_tokens: Int?
        var reasoning_tokens: Int?
    }
    private struct Failure: Encodable {
        let kind: String
        let status: Int?
        let retry_after_ms: Int?
        let message: String
    }

    private func send(_ kind: foundry_event_kind, _ payload: some Encodable) {
        guard let data = try? encoder.encode(payload) else { return }
        data.withUnsafeBytes { bytes in
            // Copy into a NUL-terminated buffer: C hosts may treat the payload as a C string.
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            defer { buffer.deallocate() }
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: bytes.count)
            }
            buffer[bytes.count] = 0
            emit(context, Int32(kind.rawValue), buffer, bytes.count)
        }
    }

    func text(_ text: String) { send(FOUNDRY_EVENT_TEXT, Text(text: text)) }

    func toolCall(index: Int, id: String, name: String, arguments: String) {
        send(FOUNDRY_EVENT_TOOL_CALL, ToolCall(index: index, id: id, name: name, arguments: arguments))
    }

    func usage(_ usage: Usage) { send(FOUNDRY_EVENT_USAGE, usage) }

    func finish(_ reason: String) { send(FOUNDRY_EVENT_FINISH, Finish(reason: reason)) }

    /// An ERROR event; the message is made one line, shortened, scrubbed of the API key, and
    /// recorded as this thread's last error.
    func error(_ kind: String, _ message: String, status: Int? = nil, retryAfterMs: Int? = nil) {
        var line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if let secret { line = line.replacingOccurrences(of: secret, with: "***") }
        if line.count > 300 { line = String(line.prefix(299)) + "…" }
        if line.isEmpty { line = kind }
        LastError.set(line)
        send(FOUNDRY_EVENT_ERROR, Failure(kind: kind, status: status, retry_after_ms: retryAfterMs, message: line))
    }
}
