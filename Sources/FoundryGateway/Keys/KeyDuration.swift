import Foundation

/// Durations on the command line: `90s`, `30m`, `12h`, `30d`, `8w`.
public enum KeyDuration {
    public static func seconds(_ text: String, flag: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value.isFinite, value > 0 else {
            throw GatewayError.invalid("\(flag) '\(text)': expected a positive number and a unit (s, m, h, d or w), such as 30d")
        }
        return value * scale
    }
}
