import CSndFile
import FoundryCore
import Foundation

/// Writes 16-bit PCM mono WAV with libsndfile. The file is written under a temporary name and
/// renamed to its final name only by `finish()`, which closes it with a correct header; a sink
/// dropped without `finish()` removes its temporary file.
public final class WAVFileSink: AudioSink, @unchecked Sendable {  // state is only touched under `lock`
    public let name: String
    public let sampleRate: Int
    private let file: PartialFile

    private let lock = NSLock()
    private var handle: OpaquePointer?
    private var written = 0
    private var scratch: [Int16] = []

    public init(path: String, sampleRate: Int = ProtocolAudio.sampleRate) throws {
        name = "'\(path)'"
        self.sampleRate = sampleRate
        file = try PartialFile(target: path)
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = 1
        info.format = Int32(SF_FORMAT_WAV) | Int32(SF_FORMAT_PCM_16)
        guard let handle = sf_open(file.temporary, Int32(SFM_WRITE), &info) else {
            throw FoundryError.failure("cannot write audio file '\(path)': \(String(cString: sf_strerror(nil)))")
        }
        self.handle = handle
        scratch.reserveCapacity(ProtocolAudio.frameSamples * 4)
    }

    deinit {
        if let handle {
            sf_close(handle)
            file.discard()
        }
    }

    public var writtenMilliseconds: Double {
        lock.withLock { ProtocolAudio.milliseconds(samples: written, sampleRate: sampleRate) }
    }

    public func write(_ samples: UnsafeBufferPointer<Float>) throws {
        lock.lock()
        defer { lock.unlock() }
        let handle = try open()
        scratch.removeAll(keepingCapacity: true)
        for value in samples { scratch.append(PCM16.sample(value)) }
        try scratch.withUnsafeBufferPointer { try put($0, handle) }
        written += samples.count
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        lock.lock()
        defer { lock.unlock() }
        try put(samples, try open())
        written += samples.count
    }

    public func finish() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        self.handle = nil
        guard sf_close(handle) == 0 else {
            file.discard()
            throw FoundryError.failure("cannot write audio file '\(file.target)': closing failed")
        }
        try file.commit()
    }

    private func open() throws -> OpaquePointer {
        guard let handle else {
            throw FoundryError.failure("cannot write to audio file '\(file.target)': it is already finished")
        }
        return handle
    }

    private func put(_ samples: UnsafeBufferPointer<Int16>, _ handle: OpaquePointer) throws {
        guard !samples.isEmpty else { return }
        let wrote = sf_write_short(handle, samples.baseAddress, sf_count_t(samples.count))
        guard wrote == samples.count else {
            throw FoundryError.failure("cannot write audio file '\(file.target)': \(String(cString: sf_strerror(handle)))")
        }
    }
}
