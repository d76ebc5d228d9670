import FoundryAudio

/// A speech boundary found by voice-activity detection, in milliseconds of audio since the
/// detector started.
package enum SpeechBoundary: Sendable, Equatable {
    /// Speech began here (prefix padding not included).
    case started(atMs: Double)
    /// Speech ended at `endMs`; the detector decided at `decidedAtMs`, once the silence window passed.
    case stopped(endMs: Double, decidedAtMs: Double)
}

/// Finds where the user starts and stops speaking in 24 kHz mono audio: server_vad turn detection
/// with FoundryAudio's energy detector and the session's threshold, prefix padding and silence
/// duration.
package struct VADTurnDetector: Sendable {
    private var detector: VoiceActivityDetector

    package init(settings: TurnDetection.ServerVAD) {
        let d = TurnDetection.ServerVAD.defaults
        detector = VoiceActivityDetector(parameters: VADParameters(
            threshold: settings.threshold ?? d.threshold ?? 0.5, prefixPaddingMs: settings.prefixPaddingMs ?? d.prefixPaddingMs ?? 300,
            silenceDurationMs: settings.silenceDurationMs ?? d.silenceDurationMs ?? 500))
    }

    /// The detector for a session's turn detection: its server_vad settings, or the defaults
    /// (the client's own VAD when the server detects turns otherwise or not at all).
    package init(detection: TurnDetection) {
        if case .serverVAD(let settings) = detection {
            self.init(settings: settings)
        } else {
            self.init(settings: .defaults)
        }
    }

    package var inSpeech: Bool { detector.isSpeaking }

    /// Feeds samples; returns the boundaries they completed.
    package mutating func feed(_ samples: [Float]) -> [SpeechBoundary] {
        detector.process(samples).map { event in
            switch event.kind {
            case .speechStarted: .started(atMs: event.milliseconds)
            case .speechStopped: .stopped(endMs: event.milliseconds, decidedAtMs: event.decidedAtMilliseconds)
            }
        }
    }
}
