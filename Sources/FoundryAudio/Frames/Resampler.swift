import CSoxr
import FoundryCore

/// Streaming mono sample-rate conversion with libsoxr (high quality): feed chunks of any size
/// with `process`, then `flush` once at the end for the samples still inside the filter.
/// Passes samples through untouched when both rates are equal.
public final class Resampler {
    public let inputRate: Int
    public let outputRate: Int
    private let soxr: soxr_t?
    private var scratch: [Float] = []
    private var flushed = false

    public init(from inputRate: Int, to outputRate: Int = ProtocolAudio.sampleRate) throws {
        guard inputRate > 0, outputRate > 0 else {
            throw FoundryError.failure("cannot resample from \(inputRate) Hz to \(outputRate) Hz: rates must be positive")
        }
        self.inputRate = inputRate
        self.outputRate = outputRate
        if inputRate == outputRate {
            soxr = nil
            return
        }
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        let created = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &quality, nil)
        if let error {
            throw FoundryError.failure("cannot resample from \(inputRate) Hz to \(outputRate) Hz: \(String(cString: error))")
        }
        guard let created else {
            throw FoundryError.failure("cannot resample from \(inputRate) Hz to \(outputRate) Hz: libsoxr refused")
        }
        soxr = created
    }

    deinit { if let soxr { soxr_delete(soxr) } }

    /// An upper bound on the output samples `count` input samples can produce.
    public func outputCapacity(forInput count: Int) -> Int {
        Int((Double(count) * Double(outputRate) / Double(inputRate)).rounded(.up)) + 16
    }

    /// Converts `input` and appends what is ready to `output`. Allocates only when `output`
    /// or the internal scratch buffer must grow.
    public func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) throws {
        guard let soxr else {
            output.append(contentsOf: input)
            return
        }
        precondition(!flushed, "Resampler.process after flush")
        var offset = 0
        while offset < input.count {
            let chunk = UnsafeBufferPointer(rebasing: input[offset...])
            var consumed = 0
            let produced = try run(soxr, chunk.baseAddress, chunk.count, consumed: &consumed, into: &output)
            offset += consumed
            if consumed == 0 && produced == 0 { break }
        }
    }

    /// Appends the samples still inside the filter; the resampler takes no more input after.
    public func flush(into output: inout [Float]) throws {
        guard let soxr, !flushed else { return }
        flushed = true
        var consumed = 0
        while try run(soxr, nil, 0, consumed: &consumed, into: &output) > 0 {}
    }

    private func run(_ soxr: soxr_t, _ input: UnsafePointer<Float>?, _ count: Int, consumed: inout Int,
                     into output: inout [Float]) throws -> Int {
        let capacity = max(outputCapacity(forInput: max(count, 1024)), 256)
        if scratch.count < capacity { scratch = [Float](repeating: 0, count: capacity) }
        var idone = 0
        var odone = 0
        let error = scratch.withUnsafeMutableBufferPointer { out in
            soxr_process(soxr, input, count, &idone, out.baseAddress, capacity, &odone)
        }
        if let error {
            throw FoundryError.failure("resampling from \(inputRate) Hz to \(outputRate) Hz failed: \(String(cString: error))")
        }
        consumed = idone
        output.append(contentsOf: scratch[0..<odone])
        return odone
    }
}
