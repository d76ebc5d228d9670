import Foundation
import Hummingbird
import NIOCore

/// Response bodies that arrive the way real servers send them: in several writes, with pauses,
/// optionally cut off mid-stream.
public enum StreamedBody {
    /// Writes `chunks` one by one with `pause` between them; if `cutAfter` is set, drops the
    /// connection after that many chunks without finishing the response.
    public static func response(
        contentType: String, chunks: [String], pause: Duration = .milliseconds(2), status: HTTPResponse.Status = .ok,
        headers extra: HTTPFields = [:], cutAfter: Int? = nil
    ) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody { writer in
            for (index, chunk) in chunks.enumerated() {
                if let cutAfter, index >= cutAfter { throw CutStream() }
                try await writer.write(ByteBuffer(string: chunk))
                try await Task.sleep(for: pause)
            }
            try await writer.finish(nil)
        })
    }

    /// A streamed chat completion answering "Paris" and reporting 12 prompt and 5 completion
    /// tokens, as an OpenAI-compatible server sends it.
    public static func chatAnswer(pause: Duration = .milliseconds(1)) -> Response {
        let events = [#"{"choices":[{"index":0,"delta":{"content":"Paris"},"finish_reason":null}]}"#,
                      #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5}}"#]
        return response(contentType: "text/event-stream", chunks: events.map { "data: \($0)\n\n" } + ["data: [DONE]\n\n"], pause: pause)
    }

    /// Splits a text into pieces of `size` bytes (real servers do not align writes to events).
    public static func split(_ text: String, size: Int) -> [String] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: size).map { String(decoding: bytes[$0..<min($0 + size, bytes.count)], as: UTF8.self) }
    }

    /// A JSON response with a status, as providers send errors.
    public static func json(_ text: String, status: HTTPResponse.Status, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    struct CutStream: Error {}
}
