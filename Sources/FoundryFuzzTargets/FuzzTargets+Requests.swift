import Foundation
import FoundryOpenAIWire

extension FuzzTargets {
    static let requests: [FuzzTarget] = [
        FuzzTarget("chat-request", "a /v1/chat/completions request body as `route serve` and `run serve` parse it", maxLength: 65536) { bytes in
            guard let request = try? ChatCompletionsRequest.parse(Data(bytes)) else { return }
            blackHole(request.chatRequest.messages.count)
        },
        FuzzTarget("completions-request", "a /v1/completions request body as `run serve` parses it", maxLength: 65536) { bytes in
            blackHole(try? CompletionsRequest.parse(Data(bytes)))
        },
    ]
}
