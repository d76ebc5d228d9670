import Foundation

/// A server process started for a test: waits for its "listening on URL" line on stderr.
public enum ServerProcess {
    /// `foundry … serve`.
    public static func start(_ arguments: [String], environment: [String: String], timeout: TimeInterval = 60) throws -> (Process, String) {
        try start(executable: TestEnvironment.binary, arguments, environment: environment, timeout: timeout)
    }

    /// Any program that writes `listening on http://HOST:PORT…` (or `ws://HOST:PORT…`) to stderr
    /// once it accepts connections; returns the process and `http://HOST:PORT` (or `ws://…`). A nil
    /// environment inherits this one.
    public static func start(executable: String, _ arguments: [String], environment: [String: String]?,
                             timeout: TimeInterval = 60) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: #"listening on ((http|ws)://[0-9.]+:[0-9]+)"#, options: .regularExpression) {
                return (process, String(text[range].dropFirst("listening on ".count)))
            }
        }
        process.terminate()
        throw ReferencePeers.PeerError("\(arguments.prefix(2).joined(separator: " ")) did not start: \(String(decoding: seen, as: UTF8.self))")
    }
}
