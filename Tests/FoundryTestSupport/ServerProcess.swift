import Foundation

/// A `foundry … serve` process started for a test: waits for its "listening on URL" line.
public enum ServerProcess {
    public static func start(_ arguments: [String], environment: [String: String], timeout: TimeInterval = 60) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = arguments
        process.environment = environment
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
            if let range = text.range(of: #"listening on (http://[0-9.]+:[0-9]+)"#, options: .regularExpression) {
                return (process, String(text[range].dropFirst("listening on ".count)))
            }
        }
        process.terminate()
        throw ReferencePeers.PeerError("\(arguments.prefix(2).joined(separator: " ")) did not start: \(String(decoding: seen, as: UTF8.self))")
    }
}
