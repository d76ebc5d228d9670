import FoundryCore

/// Token usage of one response, as `response.done` reports it (text and audio separately).
public struct RealtimeUsage: Sendable, Equatable {
    public var inputTextTokens: Int
    public var inputAudioTokens: Int
    public var cachedInputTokens: Int
    public var outputTextTokens: Int
    public var outputAudioTokens: Int

    public init(inputTextTokens: Int = 0, inputAudioTokens: Int = 0, cachedInputTokens: Int = 0, outputTextTokens: Int = 0, outputAudioTokens: Int = 0) {
        self.inputTextTokens = inputTextTokens
        self.inputAudioTokens = inputAudioTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTextTokens = outputTextTokens
        self.outputAudioTokens = outputAudioTokens
    }

    public var inputTokens: Int { inputTextTokens + inputAudioTokens }
    public var outputTokens: Int { outputTextTokens + outputAudioTokens }

    package var jsonValue: JSONValue {
        .object([
            "total_tokens": .int(inputTokens + outputTokens), "input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens),
            "input_token_details": .object(["text_tokens": .int(inputTextTokens), "audio_tokens": .int(inputAudioTokens),
                                            "cached_tokens": .int(cachedInputTokens)]),
            "output_token_details": .object(["text_tokens": .int(outputTextTokens), "audio_tokens": .int(outputAudioTokens)]),
        ])
    }

    package static func parse(_ value: JSONValue) -> RealtimeUsage {
        let input = value["input_token_details"], output = value["output_token_details"]
        let inputAudio = input?["audio_tokens"]?.intValue ?? 0
        let outputAudio = output?["audio_tokens"]?.intValue ?? 0
        return RealtimeUsage(
            inputTextTokens: input?["text_tokens"]?.intValue ?? max(0, (value["input_tokens"]?.intValue ?? 0) - inputAudio),
            inputAudioTokens: inputAudio, cachedInputTokens: input?["cached_tokens"]?.intValue ?? 0,
            outputTextTokens: output?["text_tokens"]?.intValue ?? max(0, (value["output_tokens"]?.intValue ?? 0) - outputAudio),
            outputAudioTokens: outputAudio)
    }
}
