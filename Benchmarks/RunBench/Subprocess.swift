import Foundation

/// Runs a program to completion and returns its exit status and standard output.
enum Subprocess {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], quiet: Bool = true) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = quiet ? FileHandle.nullDevice : FileHandle.standardError
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
