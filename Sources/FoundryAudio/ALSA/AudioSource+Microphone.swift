extension AudioSource {
    /// Frames captured from an ALSA device ("default", "hw:1,0", "plughw:CARD=USB", …), 16-bit mono
    /// at 24 kHz (ALSA converts when the device needs it). `configuration` is ALSA configuration
    /// text to look the device up in instead of the system's (e.g. a `type file` device that plays
    /// a raw file as a microphone). Opens the device at once, so a missing device fails here.
    /// The capture runs until the consumer stops iterating.
    public static func microphone(device: String = "default", configuration: String? = nil,
                                  latencyMicroseconds: Int = 40_000) throws -> AudioSource {
        let probe = try ALSAPCM(device: device, direction: .capture, configuration: configuration)
        try probe.configure(sampleRate: ProtocolAudio.sampleRate, latencyMicroseconds: latencyMicroseconds)
        probe.close()
        return AudioSource(name: "ALSA capture device '\(device)'") {
            let pcm = try ALSAPCM(device: device, direction: .capture, configuration: configuration)
            try pcm.configure(sampleRate: ProtocolAudio.sampleRate, latencyMicroseconds: latencyMicroseconds)
            return try CaptureFrameProducer(pcm: pcm)
        }
    }
}
