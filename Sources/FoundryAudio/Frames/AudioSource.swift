import FoundryCore

/// Where the audio sent to a realtime session comes from: an async sequence of 20 ms frames of
/// 24 kHz mono audio, from a file (paced in real time or as fast as the consumer takes them), a
/// clip in memory, or an ALSA capture device. Each iteration starts the source afresh.
public struct AudioSource: AsyncSequence, Sendable {
    public typealias Element = AudioFrame

    /// How a file or clip releases its frames.
    public enum Pacing: Sendable, Equatable {
        /// Frame n is released when its last sample would have been captured: at start + (n+1) × 20 ms
        /// on the monotonic clock (absolute deadlines, so a slow consumer never makes it drift).
        case realTime
        /// As fast as the consumer asks (`--fast`).
        case fast
    }

    /// What the source reads, for messages ("file 'a.wav'", "ALSA capture device 'default'").
    public let name: String
    private let makeProducer: @Sendable () throws -> any FrameProducer

    init(name: String, makeProducer: @escaping @Sendable () throws -> any FrameProducer) {
        self.name = name
        self.makeProducer = makeProducer
    }

    /// Frames of the audio file at `path` (any format libsndfile reads), mixed down to mono and
    /// resampled to 24 kHz. Opens the file at once so a bad file fails here, naming the file.
    public static func file(_ path: String, pacing: Pacing = .realTime) throws -> AudioSource {
        let probe = try AudioFileReader(path: path)
        let declared = probe.declaredFrames
        probe.close()
        if declared == 0 {
            // Formats that cannot tell their length are read to the end to know they hold audio.
            _ = try AudioFile.read(path: path)
        }
        return AudioSource(name: "file '\(path)'") {
            let reader = try AudioFileReader(path: path)
            return try FileFrameProducer(reader: reader, pacing: pacing)
        }
    }

    /// Frames of a clip in memory (resampled to 24 kHz mono first when needed).
    public static func clip(_ clip: AudioClip, pacing: Pacing = .realTime, name: String = "audio clip") throws -> AudioSource {
        let converted = try clip.protocolFormat()
        return AudioSource(name: name) { ClipFrameProducer(samples: converted.samples, pacing: pacing) }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        do {
            return AsyncIterator(producer: try makeProducer(), failure: nil)
        } catch {
            return AsyncIterator(producer: nil, failure: error)
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var producer: (any FrameProducer)?
        var failure: (any Error)?

        public mutating func next() async throws -> AudioFrame? {
            if let failure {
                self.failure = nil
                producer = nil
                throw failure
            }
            guard let producer else { return nil }
            do {
                if let frame = try await producer.next() { return frame }
            } catch {
                producer.stop()
                self.producer = nil
                throw error
            }
            producer.stop()
            self.producer = nil
            return nil
        }
    }
}

/// Produces a source's frames on demand.
protocol FrameProducer: AnyObject {
    func next() async throws -> AudioFrame?
    /// Releases the device or file; called at the end, on error, or when the consumer stops.
    func stop()
}
