import FoundryCore
import Synchronization

/// The client's own share of the latency, per frame: from a captured or read frame to the end of
/// its socket write, and from an audio delta read off the socket to the end of its write to the
/// output file or speaker. Collected when `VoiceClientOptions.pipelineTimings` is set (benchmarks).
public final class PipelineTimings: Sendable {
    private let samples = Mutex<(send: [Double], receive: [Double])>(([], []))

    public init() {}

    package func recordSend(_ ms: Double) { samples.withLock { $0.send.append(ms) } }
    package func recordReceive(_ ms: Double) { samples.withLock { $0.receive.append(ms) } }

    /// Frame → socket write, milliseconds, one per frame.
    public var sendMs: [Double] { samples.withLock { $0.send } }
    /// Socket read → sink write, milliseconds, one per audio delta.
    public var receiveMs: [Double] { samples.withLock { $0.receive } }
}
