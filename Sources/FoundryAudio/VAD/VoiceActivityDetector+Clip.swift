extension VoiceActivityDetector {
    /// Every turn boundary in `samples` (mono, at `sampleRate`), the stream's end included: an
    /// empty result means no speech was found.
    public static func events(in samples: [Float], sampleRate: Int = ProtocolAudio.sampleRate,
                              parameters: VADParameters = VADParameters()) -> [VADEvent] {
        var detector = VoiceActivityDetector(parameters: parameters, sampleRate: sampleRate)
        var events = detector.process(samples)
        if let last = detector.finish() { events.append(last) }
        return events
    }
}
