import FoundryCore

/// What every session of one local server shares: the reply source, the speech engines and
/// the defaults a session starts with.
public struct ServerServices: Sendable {
    public var reply: any ReplySource
    public var synthesizer: SpeechSynthesizer
    public var recognizers: RecognizerPool
    public var defaults: RealtimeSessionConfig

    public init(reply: any ReplySource, synthesizer: SpeechSynthesizer = .shared, recognizers: RecognizerPool = .shared) {
        self.reply = reply
        self.synthesizer = synthesizer
        self.recognizers = recognizers
        let echo = reply.name == "echo"
        defaults = RealtimeSessionConfig(
            model: echo ? "foundry-local-echo" : "foundry-local",
            instructions: "You are a helpful voice assistant. Answer briefly, in plain sentences.",
            voice: "alloy", outputModalities: ["audio"], inputFormat: "pcm16", outputFormat: "pcm16",
            turnDetection: .serverVAD(.defaults),
            foundry: FoundryExtension(
                reply: reply.name, stt: "pocketsphinx (en-us)", tts: "espeak-ng",
                note: echo
                    ? "the local voice server is in echo mode: no model is configured, so replies speak back the transcript of what was heard"
                    : "foundry voice serve: replies come from \(reply.name.dropFirst(6)) through foundry route"))
    }
}
