import Foundation
import FoundryCore

/// The circuit breaker: a model that fails `threshold` times within `window` cools down for
/// `duration`, and separate invocations respect it through $XDG_STATE_HOME/foundry/cooldowns.json.
public struct Cooldowns: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var failures: [Double] = []  // seconds since 1970
        public var until: Double?
    }

    public struct Document: Codable, Sendable {
        public var models: [String: Entry] = [:]
        public init() {}
    }

    public var threshold = 3
    public var window: TimeInterval = 60
    public var duration: TimeInterval = 120
    package let file: StateFile<Document>

    public init(paths: FoundryPaths) {
        file = StateFile(path: paths.stateDirectory + "/cooldowns.json", empty: Document())
    }

    /// Models cooling down now, with the time they may be used again.
    public func active(now: Date = Date()) -> [String: Date] {
        var result: [String: Date] = [:]
        for (model, entry) in file.read().models {
            if let until = entry.until, until > now.timeIntervalSince1970 { result[model] = Date(timeIntervalSince1970: until) }
        }
        return result
    }

    /// Records a failure; returns the end of the cooldown if this failure started one.
    @discardableResult
    public func recordFailure(model: String, now: Date = Date()) throws -> Date? {
        var started: Date?
        try file.update { doc in
            var e = doc.models[model] ?? Entry()
            let t = now.timeIntervalSince1970
            e.failures = (e.failures + [t]).filter { t - $0 <= window }
            if e.failures.count >= threshold {
                e.until = t + duration
                e.failures = []
                started = Date(timeIntervalSince1970: t + duration)
            }
            doc.models[model] = e
        }
        return started
    }

    /// A success clears the model's failure count.
    public func recordSuccess(model: String) throws {
        guard file.read().models[model] != nil else { return }
        try file.update { $0.models[model] = nil }
    }
}
