import CSndFile
import Foundation
import FoundryCore

/// Reads an audio file in any format libsndfile understands (WAV, FLAC, Ogg Vorbis, Ogg Opus,
/// AIFF, …) chunk by chunk, mixed down to mono Float samples.
public final class AudioFileReader {
    public let path: String
    public let sampleRate: Int
    public let channels: Int
    /// Sample frames the file declares (0 for formats that cannot tell before reading).
    public let declaredFrames: Int

    private let handle: OpaquePointer
    private var interleaved: [Float]
    private var closed = false

    /// Opens `path`; throws a `FoundryError` naming the file when it is missing, unreadable or not audio.
    public init(path: String, chunkFrames: Int = 4096) throws {
        self.path = path
        if let problem = TextFile.problem(path) { throw FoundryError.failure("cannot read audio file '\(path)': \(problem)") }
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            let reason = String(cString: sf_strerror(nil))
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
            if size == 0 {
                throw FoundryError.failure("cannot read audio file '\(path)': the file is empty")
            }
            throw FoundryError.failure(
                "cannot read audio file '\(path)': not a supported audio format (\(reason))",
                hint: "foundry reads what libsndfile reads: WAV, FLAC, Ogg Vorbis, Ogg Opus, AIFF, …")
        }
        guard info.channels > 0, info.samplerate > 0 else {
            sf_close(handle)
            throw FoundryError.failure("cannot read audio file '\(path)': it declares no channels or no sample rate")
        }
        self.handle = handle
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        declaredFrames = Int(clamping: info.frames == Int64.max ? 0 : info.frames)
        interleaved = [Float](repeating: 0, count: max(1, chunkFrames) * Int(info.channels))
    }

    deinit { close() }

    /// Reads up to one chunk of mono samples into `output` (appended); returns how many were
    /// appended, 0 at the end of the file. No allocation once `output` has capacity.
    @discardableResult
    public func readMono(appendingTo output: inout [Float]) throws -> Int {
        guard !closed else { return 0 }
        let channels = self.channels
        let got = try readChunk()
        guard got > 0 else { return 0 }
        if channels == 1 {
            output.append(contentsOf: interleaved[0..<got])
        } else {
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: got))
            interleaved.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    AudioClip.downmix(UnsafeBufferPointer(rebasing: source[0..<(got * channels)]), channels: channels,
                                      into: UnsafeMutableBufferPointer(rebasing: target[start..<(start + got)]))
                }
            }
        }
        return got
    }

    /// The most samples reserved from the header's frame count before any is read (64 MiB of
    /// floats): a header can claim any count (an 86-byte FLAC file claimed 2.3 billion samples),
    /// so beyond this the array grows with what the file really holds.
    static let maxReservedSamples = 1 << 24

    /// Reads the rest of the file with all its channels (interleaved).
    func readAllInterleaved() throws -> [Float] {
        var all: [Float] = []
        let (declared, overflow) = declaredFrames.multipliedReportingOverflow(by: channels)
        if declaredFrames > 0 { all.reserveCapacity(overflow ? Self.maxReservedSamples : min(declared, Self.maxReservedSamples)) }
        while true {
            let got = try readChunk()
            if got == 0 { return all }
            all.append(contentsOf: interleaved[0..<(got * channels)])
        }
    }

    /// Reads up to one chunk of interleaved sample frames into `interleaved`; 0 at the end.
    private func readChunk() throws -> Int {
        let capacityFrames = interleaved.count / channels
        let got = interleaved.withUnsafeMutableBufferPointer { buffer in
            Int(sf_readf_float(handle, buffer.baseAddress, sf_count_t(capacityFrames)))
        }
        if got < 0 || (got == 0 && sf_error(handle) != 0) {
            throw FoundryError.failure("cannot read audio file '\(path)': \(String(cString: sf_strerror(handle)))")
        }
        return got
    }

    public func close() {
        guard !closed else { return }
        closed = true
        sf_close(handle)
    }
}
