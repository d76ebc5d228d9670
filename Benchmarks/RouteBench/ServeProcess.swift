import Foundation

/// A `foundry` process started by the benchmarks: `route serve` (waiting for its banner) or a
/// one-shot command.
struct ServeProcess {
    let process: Process
    let base: String

    /// An isolated home: state, data and config under `home`, plus `extra` (a store URL…).
    static func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
         "PATH": "/usr/bin:/bin"].merging(extra) { $1 }
    }

    static func start(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> ServeProcess {
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = arguments
        serve.environment = environment
        let err = Pipe()
        serve.standardError = err
        serve.standardOutput = FileHandle.nullDevice
        try serve.run()
        var banner = ""
        while !banner.contains("listening on") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = banner.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            throw BenchFailure("route serve did not start: \(banner)")
        }
        // Keep draining stderr so the server never blocks on a full pipe.
        err.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        return ServeProcess(process: serve, base: String(banner[range]))
    }

    /// Runs `foundry ARGUMENTS` to the end; returns standard output, or throws with its error.
    static func run(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchFailure("foundry \(arguments.joined(separator: " ")): \(String(decoding: problem, as: UTF8.self))") }
        return String(decoding: data, as: UTF8.self)
    }

    /// CPU seconds the process has used (user + system), from /proc.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return .nan }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields after the command: state is 0, utime is 11, stime is 12 (clock ticks).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
