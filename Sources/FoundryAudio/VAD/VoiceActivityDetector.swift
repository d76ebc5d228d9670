import Foundation

/// Finds where speech starts and stops in a stream of mono audio, with the Realtime API's
/// `server_vad` parameters. Energy-based: 10 ms hops are high-pass filtered (100 Hz) and measured
/// in dBFS against the background level and its spread (learnt from the first 150 ms of signal,
/// then falling fast, rising slowly, frozen during speech; speech that starts at once is still
/// found, though only decided once those 150 ms have passed). Speech is confirmed when 30 ms of the last 100 ms are `threshold`'s margin above
/// the floor; its start is then traced back to where the level first left the floor. A turn ends
/// after `silenceDurationMs` without speech; its end is traced forward to where the level fell
/// back to the floor. Pure and allocation-free per call: feed it any chunk sizes.
public struct VoiceActivityDetector: Sendable {
    public let parameters: VADParameters
    public let sampleRate: Int
    /// True between a speech start and the matching stop.
    public private(set) var isSpeaking = false
    /// The background level the detector currently assumes (mean of 10 ms levels), in dBFS.
    public private(set) var noiseFloorDB: Double = Self.quietestFloorDB
    /// How much the background's 10 ms levels vary around it (mean absolute deviation), in dB.
    public private(set) var noiseDeviationDB: Double = 1

    static let quietestFloorDB = -70.0
    static let hopMilliseconds = 10
    private static let confirmWindowHops = 10
    private static let confirmHops = 3
    private static let calibrationHops = 15
    private static let digitalSilenceDB = -90.0
    /// A steady level above this that follows digital silence is taken for speech, not background.
    private static let loudestBackgroundAfterSilenceDB = -40.0
    /// Quiet gaps inside speech (a stop consonant's closure) that the edge tracing steps over.
    private static let bridgeHops = 10
    /// Beyond a gap this short two loud hops are enough to step over it; beyond a longer one
    /// three of the next four must be loud, so that a blip of noise is not taken for speech.
    private static let shortGapHops = 3

    private let hopSamples: Int
    private let historyHops: Int
    private let highPass: Float
    // The hop being measured.
    private var hopSum: Double = 0
    private var hopFill = 0
    private var previousInput: Float = 0
    private var previousOutput: Float = 0
    // Levels of the last `historyHops` hops (a ring), indexed by absolute hop number.
    private var history: [Double]
    private var hopsDone = 0
    // Speech bookkeeping, in hop numbers.
    private var lastSustainHop = -1
    private var recentOnsetHops: [Int] = []
    // Levels of the first hops that are not digital silence, until the background is learnt.
    private var calibration: [Double] = []
    private var sawDigitalSilence = false

    public init(parameters: VADParameters = VADParameters(), sampleRate: Int = ProtocolAudio.sampleRate) {
        self.parameters = parameters
        self.sampleRate = sampleRate
        hopSamples = sampleRate * Self.hopMilliseconds / 1000
        let rc = 1 / (2 * Double.pi * 100)
        highPass = Float(rc / (rc + 1 / Double(sampleRate)))
        historyHops = max(128, parameters.silenceDurationMs / Self.hopMilliseconds + 32)
        history = [Double](repeating: Self.quietestFloorDB, count: historyHops)
        recentOnsetHops.reserveCapacity(Self.confirmWindowHops)
        calibration.reserveCapacity(Self.calibrationHops)
    }

    /// Milliseconds of audio consumed so far.
    public var processedMilliseconds: Double {
        Double(hopsDone * Self.hopMilliseconds) + Double(hopFill) * 1000 / Double(sampleRate)
    }

    /// Feeds samples; returns the boundaries decided within them (usually none).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) -> [VADEvent] {
        var events: [VADEvent] = []
        for sample in samples {
            let filtered = highPass * (previousOutput + sample - previousInput)
            previousInput = sample
            previousOutput = filtered
            hopSum += Double(filtered * filtered)
            hopFill += 1
            if hopFill == hopSamples {
                let level = 10 * log10(max(hopSum / Double(hopSamples), 1e-12))
                hopSum = 0
                hopFill = 0
                if let event = finishHop(level: level) { events.append(event) }
            }
        }
        return events
    }

    public mutating func process(_ samples: [Float]) -> [VADEvent] {
        samples.withUnsafeBufferPointer { process($0) }
    }

    public mutating func process(_ frame: AudioFrame) -> [VADEvent] {
        frame.samples.withUnsafeBufferPointer { process(UnsafeBufferPointer(rebasing: $0[0..<frame.validSamples])) }
    }

    /// The end of the stream: closes a turn still open, its end traced as usual.
    public mutating func finish() -> VADEvent? {
        guard isSpeaking else { return nil }
        isSpeaking = false
        let end = edgeEnd(after: lastSustainHop)
        let now = processedMilliseconds
        return VADEvent(kind: .speechStopped, milliseconds: min(end, now), decidedAtMilliseconds: now, protocolMilliseconds: now)
    }

    private mutating func finishHop(level: Double) -> VADEvent? {
        let hop = hopsDone
        history[hop % historyHops] = level
        hopsDone += 1
        if isSpeaking {
            if level >= noiseFloorDB + parameters.sustainMarginDB { lastSustainHop = hop }
            // Silence is counted from the end of speech, its quiet tail included.
            let now = Double(hopsDone * Self.hopMilliseconds)
            let silence = Double(max(parameters.silenceDurationMs, Self.hopMilliseconds))
            guard now - Double((lastSustainHop + 1) * Self.hopMilliseconds) >= silence else { return nil }
            let end = edgeEnd(after: lastSustainHop)
            guard now - end >= silence else { return nil }
            isSpeaking = false
            recentOnsetHops.removeAll(keepingCapacity: true)
            return VADEvent(kind: .speechStopped, milliseconds: end, decidedAtMilliseconds: now, protocolMilliseconds: now)
        }

        if calibration.count < Self.calibrationHops {
            // Digital silence (exact zeros, a file's lead-in) says nothing about the background.
            if level > Self.digitalSilenceDB { calibration.append(level) } else { sawDigitalSilence = true }
            if calibration.count == Self.calibrationHops { calibrate() }
            return nil
        }
        if level >= noiseFloorDB + parameters.onsetMarginDB {
            recentOnsetHops.append(hop)
        } else {
            track(level: level)
        }
        recentOnsetHops.removeAll { hop - $0 >= Self.confirmWindowHops }
        guard recentOnsetHops.count >= Self.confirmHops, let first = recentOnsetHops.first else { return nil }
        isSpeaking = true
        lastSustainHop = hop
        recentOnsetHops.removeAll(keepingCapacity: true)
        let start = edgeStart(before: first)
        let now = Double(hopsDone * Self.hopMilliseconds)
        return VADEvent(kind: .speechStarted, milliseconds: start, decidedAtMilliseconds: now,
                        protocolMilliseconds: max(0, start - Double(parameters.prefixPaddingMs)))
    }

    /// Learns the background from the first 150 ms of signal: their median and spread when they
    /// are steady (background noise) and, after digital silence, not louder than -40 dBFS. When they vary like speech does, someone spoke from the
    /// first moment: the background is then the digital silence before them if there was some,
    /// else the quietest of them, so that speech is still found and traced to its start.
    private mutating func calibrate() {
        let sorted = calibration.sorted()
        let median = sorted[sorted.count / 2]
        let spread = calibration.map { abs($0 - median) }.sorted()[sorted.count / 2]
        // Steady and loud right after digital silence is a voice that starts with a held sound
        // ("Read me…"), not a background: taking it for one would hide the whole utterance.
        if spread <= 3 && !(sawDigitalSilence && median > Self.loudestBackgroundAfterSilenceDB) {
            noiseFloorDB = max(median, Self.quietestFloorDB)
            noiseDeviationDB = max(0.5, 1.2 * spread)
        } else {
            noiseFloorDB = sawDigitalSilence ? Self.quietestFloorDB : max(sorted[1], Self.quietestFloorDB)
            noiseDeviationDB = 1.5
        }
    }

    /// Background level and spread: follow a quieter background quickly, a louder one slowly, and
    /// learn the spread only from levels that are clearly background.
    private mutating func track(level: Double) {
        let clamped = max(level, Self.quietestFloorDB)
        let deviation = abs(clamped - noiseFloorDB)
        if clamped < noiseFloorDB - 3 * noiseDeviationDB {
            noiseFloorDB += 0.2 * (clamped - noiseFloorDB)
        } else if clamped < noiseFloorDB + edgeMarginDB {
            noiseFloorDB += 0.05 * (clamped - noiseFloorDB)
            noiseDeviationDB += 0.05 * (deviation - noiseDeviationDB)
        } else {
            noiseFloorDB += 0.005 * (clamped - noiseFloorDB)
        }
    }

    /// dB above the background that still belongs to speech at its edges: three times the
    /// background's spread (at least 1.5 dB), at most half the onset margin.
    private var edgeMarginDB: Double {
        min(max(1.5, 3 * noiseDeviationDB), parameters.onsetMarginDB * 0.5)
    }

    /// Whether speech lies beyond a quiet gap of `gap` hops, `loud(k)` telling whether the k-th
    /// hop past the gap is above the edge level: the first two after a gap of up to 30 ms, and
    /// also one of the next two after a longer one.
    private static func speechBeyond(gap: Int, _ loud: (Int) -> Bool) -> Bool {
        loud(0) && loud(1) && (gap <= shortGapHops || loud(2) || loud(3))
    }

    /// Where speech that is confirmed at `hop` began: traced back over hops above the edge level,
    /// stepping over quiet gaps of up to 100 ms when speech lies beyond them (`speechBeyond`).
    private func edgeStart(before hop: Int) -> Double {
        let edge = noiseFloorDB + edgeMarginDB
        let oldest = max(0, hopsDone - historyHops)
        func loud(_ index: Int) -> Bool { index >= oldest && history[index % historyHops] >= edge }
        var start = hop
        var probe = hop - 1
        while probe >= oldest {
            if loud(probe) {
                start = probe
                probe -= 1
                continue
            }
            // A gap: look for two loud hops in a row within reach.
            var found: Int?
            var candidate = probe - 1
            while candidate >= oldest && probe - candidate <= Self.bridgeHops {
                if Self.speechBeyond(gap: probe - candidate, { loud(candidate - $0) }) {
                    found = candidate
                    break
                }
                candidate -= 1
            }
            guard let found else { break }
            start = found
            probe = found - 1
        }
        return Double(start * Self.hopMilliseconds)
    }

    /// Where speech whose last sustained hop is `hop` ended: traced forward like `edgeStart`.
    private func edgeEnd(after hop: Int) -> Double {
        let edge = noiseFloorDB + edgeMarginDB
        let newest = hopsDone - 1
        func loud(_ index: Int) -> Bool { index <= newest && history[index % historyHops] >= edge }
        var end = hop
        var probe = hop + 1
        while probe <= newest {
            if loud(probe) {
                end = probe
                probe += 1
                continue
            }
            var found: Int?
            var candidate = probe + 1
            while candidate + 1 <= newest && candidate - probe <= Self.bridgeHops {
                if Self.speechBeyond(gap: candidate - probe, { loud(candidate + $0) }) {
                    found = candidate
                    break
                }
                candidate += 1
            }
            guard let found else { break }
            end = found
            probe = found + 1
        }
        return Double((end + 1) * Self.hopMilliseconds)
    }
}
