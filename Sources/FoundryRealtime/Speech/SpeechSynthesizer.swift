import CEspeakNG
import Foundation
import FoundryCore

/// Text-to-speech with espeak-ng. espeak-ng keeps global state, so every synthesis runs on one
/// serial queue; each call streams 16-bit chunks at `sampleRate` (22,050 Hz) as espeak produces
/// them, and stops early when the consumer goes away (a cancelled response).
public final class SpeechSynthesizer: @unchecked Sendable {
    public static let shared = SpeechSynthesizer()

    private let queue = DispatchQueue(label: "foundry.tts")
    private var initialized: Result<Int, FoundryError>?
    private var currentVoice: String?

    /// espeak-ng's output rate, known after the first synthesis or `prepare()`.
    public private(set) var sampleRate = 22_050

    /// The espeak-ng voice for a realtime voice name: OpenAI's names map to fixed English
    /// variants; any other name is passed to espeak-ng as is ("en-gb", "de+f2").
    public static func espeakVoice(for name: String?) -> String {
        let map = ["alloy": "en-us+f3", "ash": "en-us+m3", "ballad": "en-us+m5", "coral": "en-us+f2", "echo": "en-us+m1",
                   "sage": "en-us+f4", "shimmer": "en-us+f5", "verse": "en-us+m4", "marin": "en-us+f1", "cedar": "en-us+m2"]
        guard let name, !name.isEmpty else { return "en-us" }
        return map[name] ?? name
    }

    /// Initialises espeak-ng (loads its data) once.
    public func prepare() throws {
        let result = queue.sync { initializeNow() }
        sampleRate = try result.get()
    }

    /// Whether espeak-ng knows `voice` (a realtime name or an espeak-ng name).
    public func knows(voice: String) -> Bool {
        queue.sync {
            guard (try? initializeNow().get()) != nil else { return false }
            let ok = Self.select(Self.espeakVoice(for: voice))
            currentVoice = nil
            return ok
        }
    }

    /// Synthesises `text`, yielding 16-bit mono chunks at `sampleRate` as they are produced.
    public func synthesize(_ text: String, voice: String?, speed: Double = 1) -> AsyncThrowingStream<[Int16], any Error> {
        let (stream, continuation) = AsyncThrowingStream<[Int16], any Error>.makeStream()
        let sink = SynthesisSink(continuation: continuation)
        continuation.onTermination = { _ in sink.cancel() }
        queue.async {
            do {
                self.sampleRate = try self.initializeNow().get()
                let name = Self.espeakVoice(for: voice)
                if self.currentVoice != name {
                    guard Self.select(name) else { throw FoundryError.failure("espeak-ng has no voice '\(name)'") }
                    self.currentVoice = name
                }
                espeak_SetParameter(espeakRATE, Int32(max(80, min(450, 175 * speed)).rounded()), 0)
                let box = Unmanaged.passRetained(sink)
                defer { box.release() }
                let status = text.withCString { pointer in
                    espeak_Synth(pointer, strlen(pointer) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, box.toOpaque())
                }
                guard status == EE_OK || sink.isCancelled else { throw FoundryError.failure("espeak-ng could not synthesise the text (status \(status.rawValue))") }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    /// Selects a voice by espeak-ng name ("en-us+f3") or, failing that, by language ("en-gb").
    private static func select(_ name: String) -> Bool {
        if espeak_SetVoiceByName(name) == EE_OK { return true }
        let language = String(name.split(separator: "+").first ?? "")
        guard !language.isEmpty, language.allSatisfy({ $0.isLetter || $0 == "-" }) else { return false }
        return language.withCString { pointer in
            var spec = espeak_VOICE()
            spec.languages = pointer
            guard espeak_SetVoiceByProperties(&spec) == EE_OK else { return false }
            // espeak-ng falls back to some voice for an unknown language: accept only a real match.
            guard let current = espeak_GetCurrentVoice(), let languages = current.pointee.languages else { return false }
            return String(cString: languages.advanced(by: 1)).lowercased().hasPrefix(language.lowercased().prefix(2))
        }
    }

    private func initializeNow() -> Result<Int, FoundryError> {
        if let initialized { return initialized }
        // Synchronous output in 50 ms buffers: the first chunk of a sentence comes quickly.
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 50, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        let result: Result<Int, FoundryError>
        if rate <= 0 {
            result = .failure(FoundryError.failure("espeak-ng could not start (its data is missing)", hint: "install Debian's espeak-ng-data (scripts/bootstrap)"))
        } else {
            espeak_SetSynthCallback(synthesisCallback)
            result = .success(Int(rate))
        }
        initialized = result
        return result
    }
}

/// Receives espeak-ng's buffers for one synthesis.
package final class SynthesisSink: @unchecked Sendable {
    private let continuation: AsyncThrowingStream<[Int16], any Error>.Continuation
    private let lock = NSLock()
    private var cancelled = false

    package init(continuation: AsyncThrowingStream<[Int16], any Error>.Continuation) { self.continuation = continuation }

    package var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
    package func cancel() { lock.lock(); cancelled = true; lock.unlock() }

    /// Returns false to stop the synthesis.
    package func receive(_ samples: UnsafePointer<Int16>?, count: Int) -> Bool {
        if isCancelled { return false }
        if let samples, count > 0 { continuation.yield(Array(UnsafeBufferPointer(start: samples, count: count))) }
        return true
    }
}

/// espeak-ng's callback: a C function that finds its sink through the event's user data.
private func synthesisCallback(_ wav: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?) -> Int32 {
    guard let events, let data = events.pointee.user_data else { return 0 }
    let sink = Unmanaged<SynthesisSink>.fromOpaque(data).takeUnretainedValue()
    return sink.receive(wav, count: Int(count)) ? 0 : 1
}
