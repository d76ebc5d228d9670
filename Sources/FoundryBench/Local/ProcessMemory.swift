import Foundation

/// The process's resident memory as Linux reports it in /proc/self/status.
enum ProcessMemory {
    /// Peak resident set size (VmHWM) in bytes; nil where /proc is unavailable.
    static func peakResidentBytes() -> Int? { field("VmHWM:") }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            // "VmHWM:	  123456 kB"
            let parts = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kib = parts.first.flatMap({ Int($0) }) else { return nil }
            return kib * 1024
        }
        return nil
    }
}
