import Foundation
import FoundryCore
import NIOHTTP1

/// What a provider's response means, one copy for both ways of reading it (`PulledCall` in the
/// consumer's task, `EventLoopChatCall` on an event loop): a 2xx head starts the answer, any
/// other status is an error with the provider's own message from the body and any Retry-After;
/// the body's server-sent events go to the wire format's decoder; a transport failure before the
/// head is classified, after it the answer was cut short, as is a body that ends before the
/// stream's end marker. The reader is fed, it does no I/O.
struct ChatStreamReading {
    let call: StreamingCall
    private var decoder: any ChatStreamDecoder
    /// The response head's status and headers, once it arrived.
    private(set) var head: (status: Int, headers: HTTPHeaders)?

    init(call: StreamingCall, decoder: any ChatStreamDecoder) {
        self.call = call
        self.decoder = decoder
    }

    /// The head arrived; true when its status starts an answer (else the body is an error document).
    mutating func received(status: Int, headers: HTTPHeaders) -> Bool {
        head = (status, headers)
        return accepted
    }

    /// A head with a 2xx status arrived.
    var accepted: Bool { head.map { (200..<300).contains($0.status) } ?? false }

    /// The provider's end-of-stream event has been decoded.
    var done: Bool { decoder.done }

    /// The chat events of one server-sent event's data (a failure goes through `failure`).
    mutating func decode(_ data: String) throws -> [ChatEvent] { try decoder.handle(data) }

    /// A transport (or decoding) failure: before the head, classified; once the response has
    /// started, a broken connection means the answer was cut short, whatever the transport calls it.
    func failure(_ error: any Error) -> ProviderError {
        let classified = HTTPTransport.classify(error, provider: call.provider, model: call.model, timeouts: call.timeouts)
        guard head != nil else { return classified }
        switch classified.kind {
        case .network, .tls: return call.cut("the connection broke mid-stream (\(classified.detail))")
        default: return classified
        }
    }

    /// The response ended (or its events ran out) before the answer was done: an error status
    /// with the provider's message from `errorBody`, or a stream cut before its end marker.
    func ended(errorBody: Data) -> ProviderError {
        guard let head, !accepted else { return call.cut("the stream ended before \(decoder.endMarker)") }
        return .http(status: head.status, provider: call.provider, model: call.model, detail: HTTPTransport.errorMessage(in: errorBody),
                     retryAfter: HTTPTransport.retryAfter(head.headers), keyVariable: call.keyVariable)
    }
}
