import Foundation
import Synchronization

/// Loaded PocketSphinx decoders kept between sessions: loading one takes about a second, so a
/// new session takes a decoder a closed one gave back.
public final class RecognizerPool: Sendable {
    public static let shared = RecognizerPool()
    private let idle = Mutex<[SpeechRecognizer]>([])

    /// An idle decoder, or a newly loaded one (loaded off Swift's cooperative pool).
    public func take() async throws -> SpeechRecognizer {
        if let r = idle.withLock({ $0.popLast() }) { return r }
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try SpeechRecognizer() }) }.start()
        }
    }

    /// Gives a decoder back (its open utterance is dropped).
    public func giveBack(_ recognizer: SpeechRecognizer) {
        recognizer.reset()
        idle.withLock { if $0.count < 8 { $0.append(recognizer) } }
    }
}
