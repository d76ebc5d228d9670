import CPocketSphinx
import Foundation
import FoundryCore

/// Streaming speech-to-text with PocketSphinx (CMU Sphinx, US English acoustic model and
/// language model from Debian's pocketsphinx-en-us). Audio is fed while the user speaks, so the
/// final hypothesis is ready soon after speech ends. One decoder per instance; calls run on the
/// instance's own serial queue, never on Swift's cooperative pool.
public final class SpeechRecognizer: @unchecked Sendable {
    /// PocketSphinx's sample rate.
    public static let sampleRate = 16_000
    public static let modelDirectory = "/usr/share/pocketsphinx/model/en-us"

    private let decoder: OpaquePointer
    private let config: OpaquePointer
    private let queue = DispatchQueue(label: "foundry.stt")
    private var inUtterance = false
    /// Audio held back at the start of an utterance until it can set the cepstral mean.
    private var pending: [Int16] = []
    /// One second of speech sets the cepstral mean before decoding starts (and catches up).
    package static let primeSamples = 16_000

    /// Loads the acoustic model, dictionary and language model (about a second).
    public init(modelDirectory: String = SpeechRecognizer.modelDirectory) throws {
        let hmm = modelDirectory + "/en-us", lm = modelDirectory + "/en-us.lm.bin", dict = modelDirectory + "/cmudict-en-us.dict"
        for path in [hmm, lm, dict] where !FileManager.default.fileExists(atPath: path) {
            throw FoundryError.failure("speech recognition model file '\(path)' is missing",
                                       hint: "install Debian's pocketsphinx-en-us (scripts/bootstrap)")
        }
        let arguments = ["foundry", "-hmm", hmm, "-lm", lm, "-dict", dict, "-samprate", "16000", "-logfn", "/dev/null"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(argv.count), &argv, 1) else {
            throw FoundryError.failure("PocketSphinx refused its configuration (model in '\(modelDirectory)')")
        }
        guard let decoder = ps_init(config) else {
            cmd_ln_free_r(config)
            throw FoundryError.failure("PocketSphinx could not load its model from '\(modelDirectory)'")
        }
        self.config = config
        self.decoder = decoder
    }

    deinit {
        ps_free(decoder)
        cmd_ln_free_r(config)
    }

    /// Queues 16 kHz audio for decoding (returns at once); starts an utterance if none is open.
    public func feed(_ samples: [Int16]) {
        guard !samples.isEmpty else { return }
        queue.async { self.feedNow(samples) }
    }

    /// Ends the utterance once everything queued is decoded and returns its final transcript
    /// ("" when nothing was recognised).
    public func finish() async -> String {
        await run { self.finishNow() }
    }

    /// Drops the open utterance, if any (queued; returns at once).
    public func reset() {
        queue.async { _ = self.finishNow() }
    }

    /// Recognises a whole clip at once (16 kHz).
    public func transcribe(_ samples: [Int16]) async -> String {
        await run {
            _ = self.finishNow()
            self.feedNow(samples)
            return self.finishNow()
        }
    }

    private func feedNow(_ samples: [Int16]) {
        if !inUtterance {
            pending += samples
            guard pending.count >= Self.primeSamples else { return }
            startUtterance()
            return
        }
        process(samples)
    }

    /// Sets the cepstral mean from the audio held back, starts the utterance and decodes it.
    private func startUtterance() {
        pending.withUnsafeBufferPointer { buffer in
            _ = foundry_ps_prime_cmn(decoder, buffer.baseAddress, buffer.count)
        }
        ps_start_utt(decoder)
        inUtterance = true
        process(pending)
        pending.removeAll()
    }

    private func process(_ samples: [Int16]) {
        samples.withUnsafeBufferPointer { buffer in
            _ = ps_process_raw(decoder, buffer.baseAddress, buffer.count, 0, 0)
        }
    }

    private func finishNow() -> String {
        if !inUtterance {
            // Shorter than a second: too little to decode below 0.2 s.
            guard pending.count >= Self.sampleRate / 5 else {
                pending.removeAll()
                return ""
            }
            startUtterance()
        }
        ps_end_utt(decoder)
        inUtterance = false
        var score: Int32 = 0
        guard let hyp = ps_get_hyp(decoder, &score) else { return "" }
        return String(cString: hyp)
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
