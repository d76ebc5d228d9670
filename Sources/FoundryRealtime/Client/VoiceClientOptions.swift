import FoundryCore

/// What `foundry voice` was asked to do.
public struct VoiceClientOptions: Sendable {
    /// Audio files, one turn each, sent in order.
    public var inputs: [String] = []
    /// Capture from this ALSA device instead of files.
    public var microphone: String?
    /// ALSA configuration text to find the capture and playback devices in instead of the system's.
    public var alsaConfiguration: String?
    /// Send files as fast as the socket takes them instead of in real time.
    public var fast = false
    /// The session.update the client sends first.
    public var session = RealtimeSessionConfig()
    /// Manual turns: commit and ask for a response after each file (or each Enter with --mic).
    public var manualTurns = false
    public var out: String?
    public var play: String?
    /// Start the next file this long after the reply's first audio (a simulated barge-in).
    public var interruptAfterMs: Int?
    /// Longest wait for a reply after a turn's audio was sent.
    public var replyTimeout: Duration = .seconds(60)
    /// Stop capturing after this long (--mic).
    public var seconds: Double?
    public var json = false
    /// Print the transcripts of both sides on stdout (`you: …`, `assistant: …`) as they arrive.
    public var transcripts = true
    /// "pcm16" (the protocol's audio events) or "opus" (foundry's Opus transport, local server only).
    public var codec = "pcm16"
    /// Simulated network: packets lost in each direction (percent) and extra delay before each
    /// sent packet (uniform 0…jitter ms). Opus transport only.
    public var lossPercent = 0.0
    public var jitterMs = 0
    public var seed: UInt64 = 7
    /// Called with each file turn's waterfall once its reply is done (or the turn failed).
    public var turnFinished: (@Sendable (TurnWaterfall) -> Void)?
    /// Per-frame client timings (benchmarks).
    public var pipelineTimings: PipelineTimings?

    public init() {}
}
