import Foundation

/// Finds where speech starts and stops in a stream of mono audio, with the Realtime API's
/// `server_vad` parameters. Energy-based: 10 ms hops are high-pass filtered (100 Hz) and measured
/// in dBFS against a noise floor that follows the background (learnt in the first 150 ms, then
/// falling fast, rising slowly, frozen during speech; so speech in the first 150 ms is not seen). Speech is confirmed when 30 ms of the last 100 ms are `threshold`'s margin above
/// the floor; its start is then traced back to where the level first left the floor. A turn ends
/// after `silenceDurationMs` without speech; its end is traced forward to where the level fell
/// back to the floor. Pure and allocation-free per call: feed it any chunk sizes.
public struct VoiceActivityDetector: Sendable {
    public let parameters: VADParameters
    public let sampleRate: Int
    /// True between a speech start and the matching stop.
    public private(set) var isSpeaking = false
    /// The background level the detector currently assumes, in dBFS.
    public private(set) var noiseFloorDB: Double = Self.quietestFloorDB

    static let quietestFloorDB = -70.0
    static let hopMilliseconds = 10
    private static let confirmWindowHops = 10
    private static let confirmHops = 3
    private static let calibrationHops = 15

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

    public init(parameters: VADParameters = VADParameters(), sampleRate: Int = ProtocolAudio.sampleRate) {
        self.parameters = parameters
        self.sampleRate = sampleRate
        hopSamples = sampleRate * Self.hopMilliseconds / 1000
        let rc = 1 / (2 * Double.pi * 100)
        highPass = Float(rc / (rc + 1 / Double(sampleRate)))
        historyHops = max(128, parameters.silenceDurationMs / Self.hopMilliseconds + 32)
        history = [Double](repeating: Self.quietestFloorDB, count: historyHops)
        recentOnsetHops.reserveCapacity(Self.confirmWindowHops)
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
            let silentMs = Double((hop - lastSustainHop) * Self.hopMilliseconds)
            guard silentMs >= Double(max(parameters.silenceDurationMs, Self.hopMilliseconds)) else { return nil }
            isSpeaking = false
            recentOnsetHops.removeAll(keepingCapacity: true)
            let end = edgeEnd(after: lastSustainHop)
            let now = Double(hopsDone * Self.hopMilliseconds)
            return VADEvent(kind: .speechStopped, milliseconds: end, decidedAtMilliseconds: now, protocolMilliseconds: now)
        }

        if hop < Self.calibrationHops {
            let clamped = max(level, Self.quietestFloorDB)
            noiseFloorDB = hop == 0 ? clamped : noiseFloorDB + 0.3 * (clamped - noiseFloorDB)
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

    /// Noise floor: follows a quieter background at once (smoothed), a louder one slowly.
    private mutating func track(level: Double) {
        let clamped = max(level, Self.quietestFloorDB)
        if clamped < noiseFloorDB {
            noiseFloorDB += 0.5 * (clamped - noiseFloorDB)
        } else if clamped < noiseFloorDB + parameters.edgeMarginDB {
            noiseFloorDB += 0.05 * (clamped - noiseFloorDB)
        } else {
            noiseFloorDB += 0.005 * (clamped - noiseFloorDB)
        }
    }

    /// The start of the run of hops above the edge level that ends in `hop`, in milliseconds.
    private func edgeStart(before hop: Int) -> Double {
        let edge = noiseFloorDB + parameters.edgeMarginDB
        var start = hop
        let oldest = max(Self.calibrationHops, hopsDone - historyHops)
        while start - 1 >= oldest && history[(start - 1) % historyHops] >= edge { start -= 1 }
        return Double(start * Self.hopMilliseconds)
    }

    /// The end of the run of hops above the edge level that starts after `hop`, in milliseconds.
    private func edgeEnd(after hop: Int) -> Double {
        let edge = noiseFloorDB + parameters.edgeMarginDB
        var end = hop
        while end + 1 < hopsDone && history[(end + 1) % historyHops] >= edge { end += 1 }
        return Double((end + 1) * Self.hopMilliseconds)
    }
}
